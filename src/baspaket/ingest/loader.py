"""Loading one month's delivery into the raw layer, all files in one transaction.

Every file is first checked as a whole (encoding, header), outside any transaction; only if all
eight can be read is the month written, in one transaction: each file read and typed by DuckDB,
its old rows replaced, its rejects replaced, one audit row per file.
A refused month changes nothing but the audit history, which records the refusal.
"""

from __future__ import annotations

import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

import duckdb

from baspaket.contract.months import last_day
from baspaket.contract.schemas import EXPORTS, ExportSpec
from baspaket.ingest.delivery import Delivery
from baspaket.ingest.pseudonym import KEY_ENV_VAR, Pseudonymiser
from baspaket.ingest.reader import (
    FileRefused,
    OpenedExport,
    ReadResult,
    open_export,
    read_rows,
    remove_stale_copies,
    scratch_folder,
)
from baspaket.ingest.upgrades import shorten_stored_pseudonyms
from baspaket.warehouse import ensure_schemas

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
    check_key(con, load_id, month, pseudonymiser)
    shorten_stored_pseudonyms(con)  # a warehouse made before: its persons as this load names them

    missing = delivery.missing_files
    if missing:
        message = (
            f"incomplete delivery in {delivery.folder}: missing {', '.join(missing)}{delivery.missing_hint()}; "
            "nothing of the month was loaded"
        )
        _record_refusal(
            con,
            load_id,
            month,
            {
                spec.file: ("missing file" if spec.file in missing else "not loaded: the delivery is incomplete")
                for spec in EXPORTS
            },
        )
        raise MonthRefused(month, message)

    fingerprint = delivery.fingerprint()  # before reading: a file replaced meanwhile is a new delivery
    reference_date = last_day(month)
    scratch = scratch_folder(con)
    remove_stale_copies(scratch)
    with ExitStack() as opened_files:
        opened: dict[str, OpenedExport] = {}
        for spec in EXPORTS:  # every file checked as a whole before anything is written
            try:
                opened[spec.file] = open_export(delivery.path(spec.file), spec, scratch)
            except FileRefused as refused:
                raise _refused_by_file(con, load_id, month, refused) from refused
            opened_files.callback(opened[spec.file].close)
        try:
            files = _write_month(con, load_id, month, opened, pseudonymiser, reference_date, fingerprint, on_file)
        except FileRefused as refused:  # rolled back: the month is as it was
            raise _refused_by_file(con, load_id, month, refused) from refused
    return MonthLoad(month, load_id, files)


def check_key(con, load_id: str, month: str, pseudonymiser: Pseudonymiser) -> None:
    """Refuse the month when its key is not the warehouse's. Under another key every person gets
    another pseudonym: the month would load, but join none of its history (continuity, listings
    gained and lost, the diagnoses of earlier months) and every figure built on it would be
    wrong. The first load records the key's check value; a warehouse made before the check
    takes the key of its first load after it."""
    check = pseudonymiser.key_check()
    recorded = con.execute("SELECT key_check FROM audit.pseudonym_key").fetchall()
    if not recorded:
        con.execute("INSERT INTO audit.pseudonym_key VALUES (?, ?)", [check, datetime.now()])
        return
    if any(value != check for (value,) in recorded):
        message = (
            f"the pseudonym key ({KEY_ENV_VAR}) is not the one this warehouse was built with: every person "
            "would get a new pseudonym and the month would join none of its history. Load with the "
            "warehouse's key, or into a new warehouse"
        )
        _record_refusal(con, load_id, month, {spec.file: f"not loaded: {message}" for spec in EXPORTS})
        raise MonthRefused(month, f"{message}; nothing of the month was loaded")


def _write_month(
    con,
    load_id: str,
    month: str,
    opened: dict[str, OpenedExport],
    pseudonymiser: Pseudonymiser,
    reference_date,
    fingerprint: str,
    on_file: Callable[[str], None] | None,
) -> dict[str, FileLoad]:
    """Read each file into the connection's temporary tables and replace the month's rows,
    rejects and audit rows, all in one transaction: the month changes whole or not at all."""
    files: dict[str, FileLoad] = {}
    loaded_at = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        for spec in EXPORTS:
            if on_file:
                on_file(spec.file)
            result = read_rows(con, opened[spec.file], pseudonymiser, reference_date)
            if spec.file == CODES_FILE:
                orphans = _reject_orphans(con, month, result)
                result.rows_loaded -= orphans
                result.rows_rejected += orphans
            _replace_raw(con, spec, month, result.rows_table)
            _replace_rejects(con, month, spec.file, result.rejects_table)
            load = FileLoad(
                spec.file, result.rows_read, result.rows_loaded, result.rows_rejected, result.encoding, result.warnings
            )
            result.drop()
            files[spec.file] = load
            if load.rows_read != load.rows_loaded + load.rows_rejected:  # never: every row is loaded or rejected
                raise RuntimeError(
                    f"{spec.file}: {load.rows_read} rows read but {load.rows_loaded} loaded "
                    f"and {load.rows_rejected} rejected; the month was not loaded"
                )
            _insert_file_load(con, load_id, month, spec.file, load, "loaded", None, loaded_at, fingerprint)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return files


def _replace_raw(con, spec: ExportSpec, month: str, rows_table: str) -> None:
    con.execute(f"DELETE FROM raw.{spec.table} WHERE delivery_month = ?", [month])
    con.execute(
        f"INSERT INTO raw.{spec.table} BY NAME SELECT ?::VARCHAR AS delivery_month, * FROM {rows_table}", [month]
    )


def _reject_orphans(con, month: str, codes: ReadResult) -> int:
    """Code rows whose KontaktID matches no contact delivered so far (this month included, as
    the contacts are written first in the same transaction) move from the rows to the rejects.
    Most codes belong to the month's own contacts; only the rest are looked up in the history,
    so the check costs the same whatever the length of the history. Returns how many moved."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE incoming_orphan_codes AS
        WITH unmatched AS (
            SELECT source_row, KontaktID FROM {codes.rows_table} c
            ANTI JOIN (SELECT KontaktID FROM raw.vardkontakter WHERE delivery_month = $month) k USING (KontaktID)
        )
        SELECT source_row FROM unmatched
        ANTI JOIN (SELECT DISTINCT KontaktID FROM raw.vardkontakter
                   WHERE KontaktID IN (SELECT KontaktID FROM unmatched)) k USING (KontaktID)""",
        {"month": month},
    )
    con.execute(f"""
        INSERT INTO {codes.rejects_table}
        SELECT source_row, 'KontaktID', 'no contact with this KontaktID has been delivered (orphan code row)',
               concat_ws(';', KontaktID, Kodtyp, Kod, Ordning)
        FROM {codes.rows_table} WHERE source_row IN (SELECT source_row FROM incoming_orphan_codes)""")
    moved = con.execute(
        f"DELETE FROM {codes.rows_table} WHERE source_row IN (SELECT source_row FROM incoming_orphan_codes)"
    ).fetchone()[0]
    con.execute("DROP TABLE incoming_orphan_codes")
    return moved


def _replace_rejects(con, month: str, file: str, rejects_table: str) -> None:
    con.execute("DELETE FROM audit.rejects WHERE month = ? AND file = ?", [month, file])
    con.execute(
        f"""INSERT INTO audit.rejects BY NAME
                    SELECT ? AS month, ? AS file, row_number, "column", reason, raw_row FROM {rejects_table}""",
        [month, file],
    )


def _insert_file_load(
    con, load_id, month, file, load: FileLoad | None, status, message, loaded_at, fingerprint: str | None = None
) -> None:
    con.execute(
        "INSERT INTO audit.file_loads (load_id, month, file, rows_read, rows_loaded, rows_rejected, status, "
        "message, loaded_at, encoding, warnings, delivery_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            load_id,
            month,
            file,
            load.rows_read if load else None,
            load.rows_loaded if load else None,
            load.rows_rejected if load else None,
            status,
            message,
            loaded_at,
            load.encoding if load else None,
            "; ".join(load.warnings) if load and load.warnings else None,
            fingerprint,
        ],
    )


def _refused_by_file(con, load_id: str, month: str, refused: FileRefused) -> MonthRefused:
    """Record that one file refused the month (its reason; the others not loaded because of it)
    and return the error that stops the month."""
    _record_refusal(
        con,
        load_id,
        month,
        {
            s.file: (refused.message if s.file == refused.file else f"not loaded: {refused.file} was refused")
            for s in EXPORTS
        },
    )
    return MonthRefused(month, f"{refused}; nothing of the month was loaded")


def _record_refusal(con, load_id: str, month: str, messages: dict[str, str]) -> None:
    loaded_at = datetime.now()
    for file, message in messages.items():
        _insert_file_load(con, load_id, month, file, None, "refused", message, loaded_at)
