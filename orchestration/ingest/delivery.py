"""Finding month folders in the landing area and telling whether each is complete."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from orchestration.ingest.schemas import EXPORT_FILES

MONTH_FOLDER = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Delivery:
    month: str  # YYYY-MM
    folder: Path

    @property
    def missing_files(self) -> list[str]:
        return [f for f in EXPORT_FILES if not (self.folder / f).is_file()]

    @property
    def is_complete(self) -> bool:
        return not self.missing_files

    def fingerprint(self) -> str:
        """Changes whenever a file of the delivery is replaced: names, sizes, mtimes."""
        digest = hashlib.sha256()
        for name in EXPORT_FILES:
            path = self.folder / name
            if path.is_file():
                stat = path.stat()
                digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        return digest.hexdigest()[:16]


def find_deliveries(landing: Path) -> list[Delivery]:
    """Every `YYYY-MM` folder under `landing`, oldest first (complete or not)."""
    if not landing.is_dir():
        return []
    return sorted(
        (Delivery(p.name, p) for p in landing.iterdir() if p.is_dir() and MONTH_FOLDER.match(p.name)),
        key=lambda d: d.month,
    )


def parse_month_range(text: str) -> tuple[str, str]:
    """`2025-01:2026-10` or a single `2025-03` -> (first, last)."""
    first, _, last = text.partition(":")
    last = last or first
    for m in (first, last):
        if not MONTH_FOLDER.match(m):
            raise ValueError(f"not a month YYYY-MM: {m!r} (expected e.g. 2025-01:2025-06)")
    if last < first:
        raise ValueError(f"the range {text!r} ends before it starts")
    return first, last
