"""The DuckDB warehouse file: connections, schemas of the Python-written layers, one writer.

DuckDB allows one writing process per file. Every step that writes (ingest, dbt, the quality
results) takes `writer_lock` first, so two loads started at once queue instead of colliding.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Any

import duckdb

from baspaket.contract.schemas import EXPORTS

AUDIT_DDL = (
    "CREATE SCHEMA IF NOT EXISTS raw",
    "CREATE SCHEMA IF NOT EXISTS audit",
    """CREATE TABLE IF NOT EXISTS audit.file_loads (
        load_id VARCHAR NOT NULL,
        month VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        rows_read INTEGER,
        rows_loaded INTEGER,
        rows_rejected INTEGER,
        status VARCHAR NOT NULL,
        message VARCHAR,
        loaded_at TIMESTAMP NOT NULL,
        encoding VARCHAR,
        warnings VARCHAR,
        delivery_fingerprint VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS audit.rejects (
        month VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        row_number INTEGER NOT NULL,
        "column" VARCHAR,
        reason VARCHAR NOT NULL,
        raw_row VARCHAR
    )""",
    # The check value of the pseudonym key the warehouse was built with (never the key).
    """CREATE TABLE IF NOT EXISTS audit.pseudonym_key (
        key_check VARCHAR NOT NULL,
        recorded_at TIMESTAMP NOT NULL
    )""",
    # The upgrades of a warehouse made by an earlier version that were made (ingest/upgrades.py).
    """CREATE TABLE IF NOT EXISTS audit.upgrades (
        upgrade VARCHAR NOT NULL,
        done_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS audit.quality_results (
        month VARCHAR NOT NULL,
        suite VARCHAR NOT NULL,
        expectation VARCHAR NOT NULL,
        check_name VARCHAR NOT NULL,
        centre_id VARCHAR NOT NULL,
        element_count BIGINT,
        unexpected_count BIGINT,
        unexpected_percent DOUBLE,
        success BOOLEAN NOT NULL,
        severity VARCHAR NOT NULL,
        validated_at TIMESTAMP NOT NULL
    )""",
)


ADDED_COLUMNS = (
    ("audit.file_loads", "delivery_fingerprint VARCHAR"),  # the landing sensor tells a loaded delivery by it
    *((f"raw.{spec.table}", "pnr_problem VARCHAR") for spec in EXPORTS if spec.has_personnummer),
)


def ensure_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in AUDIT_DDL:
        con.execute(ddl)
    for spec in EXPORTS:
        con.execute(spec.raw_table_ddl())
    # Columns added after the first release: a warehouse made before gets them (NULL for what
    # was loaded before, filled when a month is loaded again).
    for table, column in ADDED_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column}")


def has_tables(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether every `schema.table` of `names` exists (a new warehouse has not built them yet)."""
    found = {
        t for (t,) in con.execute("select table_schema || '.' || table_name from information_schema.tables").fetchall()
    }
    return set(names) <= found


MEMORY_LIMIT_ENV = "BASPAKET_DUCKDB_MEMORY_LIMIT"
THREADS_ENV = "BASPAKET_DUCKDB_THREADS"
TEMP_DIR_ENV = "BASPAKET_DUCKDB_TEMP_DIR"
# Without a setting, DuckDB may take a quarter of the machine's memory, at most 4 GiB, and spills
# to disk beyond it: a load never takes the whole machine (the reports' workers, dbt and the
# Dagster process need the rest), and the largest region's month fits in it.
_DEFAULT_MEMORY_SHARE, _DEFAULT_MEMORY_CAP_GIB = 0.25, 4


def default_memory_limit() -> str:
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: DuckDB's own default
        return ""
    mib = int(min(physical * _DEFAULT_MEMORY_SHARE, _DEFAULT_MEMORY_CAP_GIB * 2**30) / 2**20)
    return f"{mib}MiB"


def duckdb_config() -> dict[str, str | bool | int | float | list[str]]:  # duckdb.connect's type
    """DuckDB's limits from the settings (PUDL's pattern): memory, threads, where it spills.
    The same values reach dbt through the environment (macros/configure_duckdb.sql)."""
    config = {
        "memory_limit": os.environ.get(MEMORY_LIMIT_ENV) or default_memory_limit(),
        "threads": os.environ.get(THREADS_ENV, ""),
        "temp_directory": os.environ.get(TEMP_DIR_ENV, ""),
    }
    return {key: value for key, value in config.items() if value}


def scalar(con: duckdb.DuckDBPyConnection, sql: str, parameters: object = None) -> Any:
    """The one value of a query that returns one row, such as a count."""
    row = con.execute(sql, parameters).fetchone()
    if row is None:
        raise RuntimeError(f"no row from: {sql}")
    return row[0]


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path), read_only=read_only, config=duckdb_config())


class WarehouseBusy(RuntimeError):
    pass


@contextlib.contextmanager
def writer_lock(path: Path, timeout_s: float | None = None, on_wait=None):
    """Hold the one-writer lock of the warehouse file `path` for the duration of the block.

    Waits for another writer up to `timeout_s` (None: BASPAKET_LOCK_TIMEOUT, default 1 hour),
    then gives up with a message that names the holder.
    """
    if timeout_s is None:
        timeout_s = float(os.environ.get("BASPAKET_LOCK_TIMEOUT", "3600"))
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + timeout_s
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"The warehouse {path} is being written by {holder}; gave up after "
                        f"{timeout_s:g} s. Wait for that load to finish, then start again."
                    ) from None
                if on_wait and not told:
                    on_wait(f"waiting for {holder} to finish writing {path.name} ...")
                    told = True
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
