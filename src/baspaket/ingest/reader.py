"""Reading one delivered export file: decode, split, check, type, pseudonymise.

Two steps. `open_export` (Python, the file as a whole) decides whether the file can be read as
the contract says: not empty, UTF-8 or Windows-1252, a header holding every required column.
A file that cannot is refused (`FileRefused`) with a message that names it and what is wrong.
`read_rows` (DuckDB, every row at once) then splits the lines with DuckDB's CSV reader, types and
checks every value in SQL (`checks_sql.py`), judges and pseudonymises the personnummer in SQL
(`personnummer.verdicts_sql`, `Pseudonymiser.pseudonym_sql`) and rejects repeated keys. Every data row
becomes either a typed row or a reject with its row number (1 = the first data row; blank lines
are not rows), column and reason. Both end up in temporary tables of the connection, which the
loader copies into the warehouse; no row passes through Python.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
import shutil
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from baspaket.contract import personnummer
from baspaket.contract.schemas import DATE, DATETIME, PERSONNUMMER, ExportSpec
from baspaket.ingest.checks_sql import SQL_MACROS, column_sql, literal, ranges_by_sql, stripped
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.warehouse import scalar

DELIMITER = ";"
# A line holding nothing but white space and separators (the `;;;;` rows a spreadsheet leaves
# after deleted rows): not a row. Removed before DuckDB reads the file, so DuckDB's line numbers
# are the contract's row numbers.
_BLANK_LINE = re.compile(rb"(?<=\n)[ \t\r\f\v;]*(?:\n|\Z)")
_HAS_BLANK_LINE = re.compile(rb"\n[ \t\r\f\v;]*\n|\n[ \t\r\f\v;]+\Z")
# A carriage return not followed by a line feed ends a line, as for Python's csv module (old Mac
# line ends); DuckDB's strict parser stops on one, so the copy it reads has a line feed there.
_BARE_CR = re.compile(rb"\r(?!\n)")
# Excel's first line naming the separator (`sep=;`) when a file is saved for another locale.
_SEPARATOR_LINE = re.compile(r"sep=(.)\s*", re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A run of bytes outside ASCII: a letter such as `ö`, one byte in Windows-1252 (F6) and two in
# UTF-8 (C3 B6).
_NON_ASCII = re.compile(rb"[\x80-\xff]+")
# How zip (an .xlsx workbook is one) and gzip files begin: a file packed, or saved as a
# workbook, under a CSV file's name.
_PACKED = (b"PK\x03\x04", b"\x1f\x8b")
PACKED_FILE = "the file is packed (a zip or gzip archive, or an Excel workbook), not text"
# DuckDB's CSV errors that mean the line has the wrong number of fields.
_FIELD_COUNT_ERRORS = ("MISSING COLUMNS", "TOO MANY COLUMNS")


class FileRefused(Exception):
    """The file as a whole does not meet the contract; nothing of it may be loaded."""

    def __init__(self, file: str, message: str):
        super().__init__(f"{file}: {message}")
        self.file = file
        self.message = message


@dataclass
class Reject:
    row_number: int  # 1 = first data row
    column: str | None
    reason: str
    raw_row: str  # masked: no personnummer


def is_packed(data: bytes) -> bool:
    return data.startswith(_PACKED)


def _invalid_utf8_as_cp1252(error: UnicodeError) -> tuple[str | bytes, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error("baspaket-cp1252", _invalid_utf8_as_cp1252)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252: the two encodings the exports use. A file
    that starts with a UTF-16 byte order mark (Excel's "Unicode text") is read as UTF-16.

    A UTF-8 file with a few bytes that are not UTF-8 (a row pasted from a Windows-1252 system)
    is `mixed`: read as UTF-8, those bytes as Windows-1252. Read wholly as Windows-1252, every
    `ö` of the file would become `Ã¶` and every row would be rejected for one odd row. A file
    whose letters outside ASCII are mostly not UTF-8 is Windows-1252."""
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        if _mostly_utf8(data):
            return data.decode("utf-8-sig", errors="baspaket-cp1252"), "mixed"
        return data.decode("cp1252", errors="replace"), "cp1252"


def _mostly_utf8(data: bytes, runs: int = 20) -> bool:
    """Whether most of the file's first `runs` letters outside ASCII are UTF-8. Only the first few
    are looked at: a Swedish file has them in its first rows, and a search of the whole file for
    a UTF-8 letter took 0.4 s for a 25 MB file in Windows-1252."""
    valid = invalid = 0
    for match in itertools.islice(_NON_ASCII.finditer(data), runs):
        try:
            match.group().decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            invalid += 1
    return valid > invalid


@dataclass
class OpenedExport:
    """A delivered file that can be read: where DuckDB reads it (UTF-8) and its header."""

    spec: ExportSpec
    csv_path: Path  # the delivered file, or a UTF-8 copy without blank lines
    positions: dict[str, int]  # contract column -> position in the header
    n_fields: int
    encoding: str
    warnings: list[str]
    _scratch: tempfile.TemporaryDirectory | None = None

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


SCRATCH_PREFIX = "baspaket-read-"
# A scratch copy lives while its month is read (minutes). One older than this was left by a load
# that was killed, and the next load removes it; a margin this wide never touches the copies of
# another warehouse's load that shares the folder.
STALE_SCRATCH_SECONDS = 6 * 3600


def scratch_folder(con: duckdb.DuckDBPyConnection) -> Path | None:
    """Where a load writes the mended copies of its exports: DuckDB's temporary directory beside
    the warehouse (`<warehouse>.tmp/`, or BASPAKET_DUCKDB_TEMP_DIR), not the system's. A copy
    holds the personnummer in clear text as the delivery does, and a load that is killed leaves
    it behind: there it is beside the warehouse, where the next load removes it
    (`remove_stale_copies`), not in a shared /tmp. None for a warehouse in memory (tests): the
    system's temporary folder."""
    if not scalar(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"):
        return None
    folder = Path(scalar(con, "SELECT current_setting('temp_directory')"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remove_stale_copies(folder: Path | None, now: float | None = None) -> list[Path]:
    """Remove the scratch copies a killed load left in `folder`; returns what was removed."""
    if folder is None:
        return []
    now = time.time() if now is None else now
    stale = [d for d in folder.glob(f"{SCRATCH_PREFIX}*") if now - d.stat().st_mtime > STALE_SCRATCH_SECONDS]
    for d in stale:
        shutil.rmtree(d, ignore_errors=True)
    return stale


def open_export(path: Path, spec: ExportSpec, scratch: Path | None = None) -> OpenedExport:
    """Check the file as a whole and prepare it for DuckDB; `FileRefused` if it cannot be read.

    DuckDB reads UTF-8 only, so a Windows-1252, UTF-16 or mixed file (`–` and `€` are not
    latin-1) is transcoded into a scratch copy first (in the folder `scratch`, else the
    system's temporary folder); so is a file with blank lines, mixed line ends or Excel's
    `sep=;` line, which are mended there."""
    data = path.read_bytes()
    if is_packed(data):
        raise FileRefused(spec.file, PACKED_FILE)
    text, encoding = decode(data)
    if not text.strip():
        raise FileRefused(spec.file, "the file is empty (not even a header row)")
    first_line, *rest = re.split(r"\r\n|\r|\n", text, maxsplit=1)
    separator_line = _SEPARATOR_LINE.fullmatch(first_line.lstrip("\ufeff"))
    if separator_line:
        if separator_line.group(1) != DELIMITER:
            raise FileRefused(
                spec.file, f"the file's first line says it is separated by {separator_line.group(1)!r}, not ';'"
            )
        first_line = re.split(r"\r\n|\r|\n", rest[0] if rest else "", maxsplit=1)[0]
    try:
        header = next(csv.reader([first_line], delimiter=DELIMITER, quotechar='"', strict=True))
    except (csv.Error, StopIteration) as exc:
        raise FileRefused(spec.file, f"the header row cannot be read ({exc})") from None
    positions, extra = _map_header(spec, header)
    warnings = file_warnings(spec.file, extra, encoding)
    if encoding != "utf-8":
        data = text.encode("utf-8")
    del text

    # The copy DuckDB reads, made only when the file needs mending: UTF-8, one kind of line end
    # (DuckDB's strict parser stops on a bare carriage return and on CRLF mixed with LF), no
    # `sep=` line, no blank lines. The usual delivery (UTF-8, LF or CRLF) is read as it is.
    mended = data
    if b"\r" in mended:
        if _BARE_CR.search(mended):
            mended = _BARE_CR.sub(b"\n", mended)
        if mended.count(b"\r\n") != mended.count(b"\n"):
            mended = mended.replace(b"\r\n", b"\n")
    if separator_line:
        mended = mended.partition(b"\n")[2]
    if _HAS_BLANK_LINE.search(mended):
        mended = _BLANK_LINE.sub(b"", mended)
    copy = None
    csv_path = path
    if mended != data or encoding != "utf-8":
        copy = tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=scratch)
        csv_path = Path(copy.name) / spec.file
        csv_path.write_bytes(mended)
    return OpenedExport(spec, csv_path, positions, len(header), encoding, warnings, copy)


def missing_columns(missing: list[str], hint: str = "") -> str:
    """Why a file is refused when its header lacks columns (exports and reference files alike)."""
    return f"required column{'s' if len(missing) > 1 else ''} missing from the header: {', '.join(missing)}{hint}"


def file_warnings(file: str, extra_columns: list[str], encoding: str) -> list[str]:
    """What a file that can be read still warns about (exports and reference files alike)."""
    warnings = []
    if extra_columns:
        warnings.append(f"{file}: unknown column(s) ignored: {', '.join(extra_columns)}")
    if encoding == "cp1252":
        warnings.append(f"{file}: read as Windows-1252 (not valid UTF-8)")
    if encoding == "utf-16":
        warnings.append(f"{file}: read as UTF-16 (Excel's Unicode text), not UTF-8")
    if encoding == "mixed":
        warnings.append(f"{file}: UTF-8 with some bytes that are not: those read as Windows-1252")
    return warnings


def _map_header(spec: ExportSpec, header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Positions of the contract's columns in the header; unknown extra columns listed apart.
    A name matches in any letter case and with or without its Swedish letters (`Kön`, `Vårdnivå`
    and `Sökdatum` are Kon, Vardniva and Sokdatum), as the categories do."""
    folded = {header_key(name): i for i, name in reversed(list(enumerate(header)))}
    missing = [c.name for c in spec.columns if header_key(c.name) not in folded]
    if missing:
        hint = ""
        if len(header) == 1 and any(sep in header[0] for sep in (",", "\t", "|")):
            hint = " (the header has a single column: is the file separated by something else than ';'?)"
        raise FileRefused(spec.file, missing_columns(missing, hint))
    known = {header_key(c.name) for c in spec.columns}
    extra = [name.strip() for name in header if name.strip() and header_key(name) not in known]
    return {c.name: folded[header_key(c.name)] for c in spec.columns}, extra


def header_key(name: str) -> str:
    """A column name as the header is matched: trimmed, lower case, accents taken off."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass
class ReadResult:
    """One file read into the temporary tables `<table>_rows` (typed, as the raw table without
    `delivery_month`) and `<table>_rejects` of the connection `con`."""

    file: str
    con: duckdb.DuckDBPyConnection
    rows_table: str
    rejects_table: str
    rows_read: int
    rows_loaded: int
    rows_rejected: int
    encoding: str
    warnings: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        """The loaded rows as a frame, dates as ISO text (for inspection and tests)."""
        columns = self.con.execute(f"DESCRIBE {self.rows_table}").fetchall()
        select = ", ".join(
            f'CAST("{name}" AS VARCHAR) AS "{name}"' if kind in ("DATE", "TIMESTAMP") else f'"{name}"'
            for name, kind, *_ in columns
        )
        return self.con.execute(f"SELECT {select} FROM {self.rows_table} ORDER BY source_row").df()

    @property
    def rejects(self) -> list[Reject]:
        return [
            Reject(*row)
            for row in self.con.execute(
                f'SELECT row_number, "column", reason, raw_row FROM {self.rejects_table} ORDER BY row_number'
            ).fetchall()
        ]

    def drop(self) -> None:
        self.con.execute(f"DROP TABLE IF EXISTS {self.rows_table}")
        self.con.execute(f"DROP TABLE IF EXISTS {self.rejects_table}")


def read_export(
    path: Path,
    spec: ExportSpec,
    pseudonymiser: Pseudonymiser,
    reference_date: date | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> ReadResult:
    """Read one export; `reference_date` (the month's last day) is what a personnummer's `+`
    (100 or older) is checked against. Without `con` the rows go to an in-memory database."""
    opened = open_export(path, spec)
    try:
        return read_rows(con or duckdb.connect(), opened, pseudonymiser, reference_date)
    finally:
        opened.close()


def read_rows(
    con: duckdb.DuckDBPyConnection,
    opened: OpenedExport,
    pseudonymiser: Pseudonymiser,
    reference_date: date | None = None,
) -> ReadResult:
    spec = opened.spec
    name = f"incoming_{spec.table}"
    for macro in SQL_MACROS:
        con.execute(macro)
    pseudonymiser.install(con)
    for suffix in ("lines", "errors", "scans", "broken", "verdicts", "checked", "repeats", "rows", "rejects"):
        con.execute(f"DROP TABLE IF EXISTS {name}_{suffix}")

    _split_lines(con, opened, name)
    _broken_lines(con, opened, name)
    # Counted before any check: loaded + rejected must come back to it (the loader verifies).
    rows_read = scalar(con, f"SELECT (SELECT count(*) FROM {name}_lines) + (SELECT count(*) FROM {name}_broken)")
    pnr = next((c for c in spec.columns if c.kind == PERSONNUMMER), None)
    if pnr is not None:
        values = f"(SELECT {stripped(_field(opened, pnr.name))} AS value FROM {name}_lines)"
        con.execute(
            f"CREATE TEMP TABLE {name}_verdicts AS "
            + personnummer.verdicts_sql(values, reference_date, pseudonymiser.pseudonym_sql)
        )
    typed = _check_values(con, opened, name, pnr is not None)
    con.execute(f"DROP TABLE {name}_lines")
    _find_repeated_keys(con, opened.spec, name)
    _keep_first_of_each_key(con, opened, name, typed)
    _collect_rejects(con, opened, name)
    for suffix in ("errors", "scans", "broken", "verdicts", "checked", "repeats"):
        con.execute(f"DROP TABLE IF EXISTS {name}_{suffix}")

    loaded = scalar(con, f"SELECT count(*) FROM {name}_rows")
    rejected = scalar(con, f"SELECT count(*) FROM {name}_rejects")
    return ReadResult(
        spec.file,
        con,
        f"{name}_rows",
        f"{name}_rejects",
        rows_read,
        loaded,
        rejected,
        opened.encoding,
        list(opened.warnings),
    )


def _field(opened: OpenedExport, column: str) -> str:
    return f"c{opened.positions[column]}"


def _split_lines(con, opened: OpenedExport, name: str) -> None:
    """Every line as text fields c0…cN, in file order; lines DuckDB cannot split (wrong number
    of fields, a broken quote) go to `<name>_errors` with their line number."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(opened.n_fields)) + "}"
    try:
        con.execute(f"""
        CREATE TEMP TABLE {name}_lines AS
        SELECT * FROM read_csv({literal(str(opened.csv_path))}, delim = '{DELIMITER}', header = false,
            skip = 1, all_varchar = true, quote = '"', escape = '"', auto_detect = false,
            strict_mode = true, store_rejects = true, rejects_table = '{name}_errors',
            rejects_scan = '{name}_scans', columns = {columns})""")
    except duckdb.Error as exc:  # not seen on any delivery; refused rather than half read
        first_line = str(exc).strip().splitlines()[0]
        raise FileRefused(opened.spec.file, f"the file cannot be split into lines and fields ({first_line})") from None


def _broken_lines(con, opened: OpenedExport, name: str) -> None:
    """The lines that could not be split, one row each: its row number, reason and text (masked
    with the other rejects in `_collect_rejects`). DuckDB counts the header as line 1, and blank
    lines were removed in `open_export`; a line may carry one error per missing field."""
    field_count_errors = ", ".join(map(literal, _FIELD_COUNT_ERRORS))
    con.execute(f"""
        CREATE TEMP TABLE {name}_broken AS
        SELECT CAST(line - 1 AS BIGINT) AS row_number,
               CASE WHEN arg_min(error_type, coalesce(column_idx, 0)) IN ({field_count_errors})
                    THEN 'expected {opened.n_fields} fields, found '
                         || min(try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) AS INTEGER))
                    ELSE 'unreadable line: ' || arg_min(error_message, coalesce(column_idx, 0)) END AS reason,
               trim(any_value(csv_line), chr(13) || chr(10)) AS raw_row
        FROM {name}_errors GROUP BY line""")


def _numbered_lines(con, name: str) -> str:
    """The split lines with their row number: DuckDB keeps file order (insertion order is
    preserved), so the k-th good line is row k plus the number of broken rows before it. Row ids
    are consecutive from the table's first; inside a transaction they start far from 0. A file
    without broken lines, the usual delivery, skips the as-of join (docs/performance.md)."""
    k = f"rowid - (SELECT min(rowid) FROM {name}_lines) + 1"
    if not scalar(con, f"SELECT count(*) FROM {name}_broken"):
        return f"(SELECT {k} AS source_row, * FROM {name}_lines)"
    return f"""
        (SELECT k + coalesce(g.broken_before, 0) AS source_row, l.*
         FROM (SELECT {k} AS k, * FROM {name}_lines) l
         ASOF LEFT JOIN (
             SELECT row_number - rank AS good_before, max(rank) AS broken_before
             FROM (SELECT row_number, row_number() OVER (ORDER BY row_number) AS rank FROM {name}_broken)
             GROUP BY ALL) g
         ON l.k > g.good_before)"""


def _check_values(con, opened: OpenedExport, name: str, has_pnr: bool) -> dict[str, str]:
    """Type and check every contract column: `<name>_checked` holds each line's typed values and
    its reason (NULL when the row loads), with the column the reason is about. Returns the typed
    value's expression per column."""
    spec = opened.spec
    stripped_values, typed, errors = [], {}, []
    helpers: list[list[str]] = [[], []]  # helpers by level: the second may use the first
    for i, col in enumerate(spec.columns):
        v = f"v{i}"
        stripped_values.append(f"{stripped(_field(opened, col.name))} AS {v}")
        sql = column_sql(col, v, f"h{i}")
        for level, (alias, expr) in enumerate(sql.helpers.items()):
            helpers[level].append(f"{expr} AS {alias}")
        typed[col.name] = sql.value
        errors.append((col.name, sql.error))
    range_error = ranges_by_sql(spec, typed)
    if range_error and spec.ranges_by:
        errors.append((spec.ranges_by[0], range_error))

    pnr_join = ""
    if has_pnr:
        pnr_index = next(i for i, c in enumerate(spec.columns) if c.kind == PERSONNUMMER)
        pnr_join = f"LEFT JOIN {name}_verdicts verdict ON verdict.value = v{pnr_index}"
    reason = "coalesce(" + ", ".join(f"e{i}" for i in range(len(errors))) + ")"
    reject_column = (
        "CASE "
        + " ".join(f"WHEN e{i} IS NOT NULL THEN {literal(column)}" for i, (column, _) in enumerate(errors))
        + " END"
    )
    con.execute(f"""
        CREATE TEMP TABLE {name}_checked AS
        WITH stripped AS (
            SELECT source_row, {", ".join(f"c{i}" for i in range(opened.n_fields))},
                   {", ".join(stripped_values)}
            FROM {_numbered_lines(con, name)}
        ), helped_once AS (
            SELECT *{"".join(", " + h for h in helpers[0])} FROM stripped {pnr_join}
        ), helped AS (
            SELECT *{"".join(", " + h for h in helpers[1])} FROM helped_once
        ), judged AS (
            SELECT *, {", ".join(f"{expr} AS e{i}" for i, (_, expr) in enumerate(errors))} FROM helped
        ), reasoned AS (
            SELECT *, {reason} AS reason, {reject_column} AS reject_column FROM judged
        )
        SELECT * FROM reasoned""")
    return typed


def _find_repeated_keys(con, spec: ExportSpec, name: str) -> None:
    """`<name>_repeats`: each key that more than one loading row carries, with the first of
    those rows. Only rows that pass their checks count, so a rejected row never makes a later
    good row a repeat. An aggregate over the keys, not a window over every row: at 2.4 M
    listing rows the window took 1.6 s of the file's 3.3 s checking (docs/performance.md)."""
    if not spec.unique_key:
        return
    con.execute(f"""
        CREATE TEMP TABLE {name}_repeats AS
        SELECT {", ".join(f"{key} AS k{i}" for i, key in enumerate(_key_sql(spec)))}, min(source_row) AS first_row
        FROM {name}_checked
        WHERE reason IS NULL
        GROUP BY ALL HAVING count(*) > 1""")


def _checked_with_first_row(spec: ExportSpec, name: str) -> str:
    """`<name>_checked` with `first_row`: for a loading row whose key an earlier or later loading
    row carries too, the first of them; NULL otherwise (a key of its own, or a rejected row).
    NULL keys are one key, as in a GROUP BY."""
    if not spec.unique_key:
        return f"(SELECT *, NULL::BIGINT AS first_row FROM {name}_checked)"
    same_key = " AND ".join(f"{key} IS NOT DISTINCT FROM repeated.k{i}" for i, key in enumerate(_key_sql(spec)))
    return f"{name}_checked LEFT JOIN {name}_repeats repeated ON reason IS NULL AND {same_key}"


def _output_columns(spec: ExportSpec, typed: dict[str, str]) -> list[str]:
    """The raw table's columns (without delivery_month), as expressions over `<name>_checked`."""
    columns = []
    for col in spec.columns:
        if col.kind == PERSONNUMMER:
            columns += ["person_pseudonym", "pnr_kind", "pnr_birth_date", "pnr_sex", "pnr_problem"]
        else:
            cast = {DATE: "DATE", DATETIME: "TIMESTAMP"}.get(col.kind)
            expr = f"CAST({typed[col.name]} AS {cast})" if cast else typed[col.name]
            columns.append(f'{expr} AS "{col.name}"')
    return columns + ["CAST(source_row AS INTEGER) AS source_row"]


def _key_sql(spec: ExportSpec) -> list[str]:
    keys = []
    for key in spec.unique_key:
        i, col = next((i, c) for i, c in enumerate(spec.columns) if c.name == key)
        keys.append("pnr_key" if col.kind == PERSONNUMMER else f"v{i}")
    return keys


def _keep_first_of_each_key(con, opened: OpenedExport, name: str, typed: dict[str, str]) -> None:
    """`<name>_rows`: the rows that load. A later row repeating an earlier good row's key is
    rejected, naming the row it repeats."""
    con.execute(f"""
        CREATE TEMP TABLE {name}_rows AS
        SELECT {", ".join(_output_columns(opened.spec, typed))} FROM {_checked_with_first_row(opened.spec, name)}
        WHERE reason IS NULL AND (first_row IS NULL OR first_row = source_row)""")


def _collect_rejects(con, opened: OpenedExport, name: str) -> None:
    """`<name>_rejects`: broken lines, rows with a bad value and repeated keys, each with its
    line as delivered (fields re-joined) and the personnummer replaced by its pseudonym's prefix;
    anything else shaped like a personnummer is masked in Python (rejects are few)."""
    spec = opened.spec
    quoted = [
        f"CASE WHEN regexp_matches(coalesce(c{i}, ''), '[;\"\\n\\r]') "
        f"THEN '\"' || replace(c{i}, '\"', '\"\"') || '\"' ELSE coalesce(c{i}, '') END"
        for i in range(opened.n_fields)
    ]
    line = " || ';' || ".join(quoted)
    pnr = next((c for c in spec.columns if c.kind == PERSONNUMMER), None)
    if pnr is not None:
        value = f"v{spec.columns.index(pnr)}"
        line = f"CASE WHEN {value} IS NULL THEN {line} ELSE replace({line}, {value}, 'pnr:' || person_pseudonym) END"
    key_names = ",".join(spec.unique_key)
    duplicate = f"'duplicate {'+'.join(spec.unique_key)} (first delivered on row ' || first_row || ')'"
    rejects = con.execute(f"""
        SELECT source_row AS row_number,
               CASE WHEN reason IS NULL THEN {literal(key_names)} ELSE reject_column END AS "column",
               coalesce(reason, {duplicate if spec.unique_key else "NULL"}) AS reason,
               {line} AS raw_row
        FROM {_checked_with_first_row(spec, name)}
        WHERE reason IS NOT NULL OR first_row <> source_row
        UNION ALL
        SELECT row_number, NULL, reason, raw_row FROM {name}_broken""").df()
    rejects["raw_row"] = [personnummer.mask_personnummer_like(text) for text in rejects["raw_row"]]
    rejects = rejects.astype({"row_number": "int64", "column": "string", "reason": "string", "raw_row": "string"})
    con.register("rejects_frame", rejects)
    try:
        con.execute(f"CREATE TEMP TABLE {name}_rejects AS SELECT * FROM rejects_frame")
    finally:
        con.unregister("rejects_frame")
