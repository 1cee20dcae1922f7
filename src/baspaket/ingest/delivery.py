"""Finding month folders in the landing area and telling whether each is complete."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from baspaket.contract.months import MONTH
from baspaket.contract.schemas import EXPORT_FILES

# Written by `baspaket synth` into every month folder it makes: invented persons only.
DEMO_MARKER = "SYNTHETIC_DEMO_DATA.txt"


@dataclass(frozen=True)
class Delivery:
    month: str  # YYYY-MM
    folder: Path

    @property
    def is_synthetic(self) -> bool:
        return (self.folder / DEMO_MARKER).is_file()

    def _files(self) -> dict[str, Path]:
        """The folder's files by their name in lower case: a file share may hand over
        `LISTNING.CSV` for `listning.csv`."""
        if not self.folder.is_dir():
            return {}
        return {p.name.lower(): p for p in sorted(self.folder.iterdir(), reverse=True) if p.is_file()}

    def path(self, file: str) -> Path:
        """Where the export `file` is in the folder, whatever the letter case of its name."""
        return self._files().get(file.lower(), self.folder / file)

    @property
    def missing_files(self) -> list[str]:
        files = self._files()
        return [f for f in EXPORT_FILES if f.lower() not in files]

    def missing_hint(self) -> str:
        """The folder's files that look like a missing export under another ending
        (`vardkontakter.txt`, `listning.csv.gz`): named in the refusal."""
        stems = {f.lower().removesuffix(".csv") for f in self.missing_files}
        lookalikes = [p.name for name, p in self._files().items() if name.split(".")[0] in stems]
        return f" (the folder has {', '.join(sorted(lookalikes))})" if lookalikes else ""

    @property
    def is_complete(self) -> bool:
        return not self.missing_files

    def fingerprint(self) -> str:
        """Changes whenever a file of the delivery is replaced: names, sizes, mtimes."""
        digest = hashlib.sha256()
        for name in EXPORT_FILES:
            path = self.path(name)
            if path.is_file():
                stat = path.stat()
                digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
        return digest.hexdigest()[:16]


def find_deliveries(landing: Path) -> list[Delivery]:
    """Every `YYYY-MM` folder under `landing`, oldest first (complete or not)."""
    if not landing.is_dir():
        return []
    return sorted(
        (Delivery(p.name, p) for p in landing.iterdir() if p.is_dir() and MONTH.match(p.name)),
        key=lambda d: d.month,
    )
