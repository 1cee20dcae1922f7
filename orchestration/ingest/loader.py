"""Loading one month's delivery into the raw layer, all files in one transaction.

Reading happens first, for all eight files, outside any transaction; only if every file can be
read is the month written: its old rows replaced, its rejects replaced, one audit row per file.
A refused month changes nothing but the audit history, which records the refusal.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import duckdb
import pandas as pd

from orchestration.ingest.delivery import Delivery
from orchestration.ingest.pseudonym import Pseudonymiser
from orchestration.ingest.reader import FileRefused, ReadResult, Reject, read_export
from orchestration.ingest.schemas import EXPORTS, ExportSpec
from orchestration.months import last_day
from orchestration.warehouse import ensure_schemas

CODES_FILE = "diagnoser_atgarder.csv"


class MonthRefused(Exception):
    """The delivery cannot be loaded; `message` says why (missing files, a refused file)."""

    def __init__(self, month: str, message: str):
        super().__init__(f"{month}: {message}")
        self.month = month
        self.message = message


@dataclass
class FileLoad:
    file: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    encoding: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class MonthLoad:
    month: str
    load_id: str
    files: dict[str, FileLoad]

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files.values())

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files.values())

    @property
    def rows_rejected(self) -> int:
        return sum(f.rows_rejected for f in self.files.values())

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files.values() for w in f.warnings]


def load_month(
    con: duckdb.DuckDBPyConnection,
    delivery: Delivery,
    pseudonymiser: Pseudonymiser,
    on_file: Callable[[str], None] | None = None,
) -> MonthLoad:
    """Read and load every export of `delivery`, replacing whatever the month held before."""
    ensure_schemas(con)
    load_id = uuid.uuid4().hex[:12]
    month = delivery.month

    missing = delivery.missing_files
    if missing:
        message = (f"incomplete delivery in {delivery.folder}: missing {', '.join(missing)}; "
                   "nothing of the month was loaded")
        _record_refusal(con, load_id, month, {
            spec.file: ("missing file" if spec.file in missing else "not loaded: the delivery is incomplete")
            for spec in EXPORTS})
        raise MonthRefused(month, message)

    fingerprint = delivery.fingerprint()  # before reading: a file replaced meanwhile is a new delivery
    reference_date = last_day(month)
    results: dict[str, ReadResult] = {}
    for spec in EXPORTS:
        if on_file:
            on_file(spec.file)
        try:
            results[spec.file] = read_export(delivery.folder / spec.file, spec, pseudonymiser,
                                             reference_date=reference_date)
        except FileRefused as refused:
            _record_refusal(con, load_id, month, {
                s.file: (refused.message if s.file == spec.file
                         else f"not loaded: {spec.file} was refused") for s in EXPORTS})
            raise MonthRefused(month, f"{refused}; nothing of the month was loaded") from refused

    files: dict[str, FileLoad] = {}
    loaded_at = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        for spec in EXPORTS:
            result = results[spec.file]
            frame, rejects = result.frame, list(result.rejects)
            if spec.file == CODES_FILE:
                frame, orphans = _split_orphans(con, frame)
                rejects += orphans
            _replace_raw(con, spec, month, frame)
            _replace_rejects(con, month, spec.file, rejects)
            files[spec.file] = FileLoad(spec.file, result.rows_read, len(frame), len(rejects),
                                        result.encoding, result.warnings)
            if result.rows_read != len(frame) + len(rejects):  # never: every row is loaded or rejected
                raise RuntimeError(f"{spec.file}: {result.rows_read} rows read but {len(frame)} loaded "
                                   f"and {len(rejects)} rejected; the month was not loaded")
            _insert_file_load(con, load_id, month, spec.file, files[spec.file], "loaded",
                              None, loaded_at, fingerprint)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return MonthLoad(month, load_id, files)


def _replace_raw(con, spec: ExportSpec, month: str, frame: pd.DataFrame) -> None:
    con.execute(f"DELETE FROM raw.{spec.table} WHERE delivery_month = ?", [month])
    if frame.empty:
        return
    con.register("incoming_rows", frame)
    try:
        con.execute(
            f"INSERT INTO raw.{spec.table} BY NAME "
            f"SELECT ?::VARCHAR AS delivery_month, * FROM incoming_rows", [month])
    finally:
        con.unregister("incoming_rows")


def _split_orphans(con, codes: pd.DataFrame) -> tuple[pd.DataFrame, list[Reject]]:
    """Code rows whose KontaktID matches no contact delivered so far (this month included,
    as the contacts are written first in the same transaction)."""
    if codes.empty:
        return codes, []
    con.register("incoming_codes", codes[["KontaktID", "source_row"]])
    try:
        orphan_rows = {r[0] for r in con.execute(
            "SELECT c.source_row FROM incoming_codes c "
            "ANTI JOIN (SELECT DISTINCT KontaktID FROM raw.vardkontakter) k USING (KontaktID)"
        ).fetchall()}
    finally:
        con.unregister("incoming_codes")
    if not orphan_rows:
        return codes, []
    is_orphan = codes["source_row"].isin(orphan_rows)
    rejects = [
        Reject(int(r.source_row), "KontaktID",
               "no contact with this KontaktID has been delivered (orphan code row)",
               ";".join(str(v) for v in (r.KontaktID, r.Kodtyp, r.Kod, r.Ordning)))
        for r in codes[is_orphan].itertuples()
    ]
    return codes[~is_orphan], rejects


def _replace_rejects(con, month: str, file: str, rejects: list[Reject]) -> None:
    con.execute("DELETE FROM audit.rejects WHERE month = ? AND file = ?", [month, file])
    if not rejects:
        return
    frame = pd.DataFrame(
        [(month, file, r.row_number, r.column, r.reason, r.raw_row) for r in rejects],
        columns=["month", "file", "row_number", "column", "reason", "raw_row"],
    )
    con.register("incoming_rejects", frame)
    try:
        con.execute("INSERT INTO audit.rejects BY NAME SELECT * FROM incoming_rejects")
    finally:
        con.unregister("incoming_rejects")


def _insert_file_load(con, load_id, month, file, load: FileLoad | None, status, message,
                      loaded_at, fingerprint: str | None = None) -> None:
    con.execute(
        "INSERT INTO audit.file_loads (load_id, month, file, rows_read, rows_loaded, rows_rejected, status, "
        "message, loaded_at, encoding, warnings, delivery_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, month, file,
         load.rows_read if load else None, load.rows_loaded if load else None,
         load.rows_rejected if load else None, status, message, loaded_at,
         load.encoding if load else None,
         "; ".join(load.warnings) if load and load.warnings else None, fingerprint],
    )


def _record_refusal(con, load_id: str, month: str, messages: dict[str, str]) -> None:
    loaded_at = datetime.now()
    for file, message in messages.items():
        _insert_file_load(con, load_id, month, file, None, "refused", message, loaded_at)
