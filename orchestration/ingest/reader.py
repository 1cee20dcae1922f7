"""Reading one delivered export file: decode, split, check, type, pseudonymise.

Pure: no database. Every data row either becomes a typed row or a reject with its row number,
column and reason; a file that cannot be read as the contract says is refused as a whole
(`FileRefused`), with a message that names the file and what is wrong.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from orchestration.ingest import personnummer
from orchestration.ingest.pseudonym import Pseudonymiser
from orchestration.ingest.schemas import (
    DATE,
    DATETIME,
    DECIMAL,
    ENUM,
    INTEGER,
    PERSONNUMMER,
    Column,
    ExportSpec,
)

DELIMITER = ";"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A date column written as a date-time at midnight, as database exports often write dates.
_DATE_AT_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(?::00(?:\.0+)?)?$")
# What some export tools write for a missing value; it means the same as an empty field.
NULL_TEXT = "null"
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")
_DECIMAL = re.compile(r"^-?\d+(?:,\d+)?$")
_DECIMAL_WITH_POINT = re.compile(r"^-?\d+\.\d+$")
_INTEGER = re.compile(r"^-?\d+$")


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


@dataclass
class ReadResult:
    file: str
    frame: pd.DataFrame  # the loadable rows, columns as the raw table
    rejects: list[Reject]
    rows_read: int
    encoding: str
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return len(self.frame)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejects)


class _InvalidValue(Exception):
    def __init__(self, column: str, reason: str):
        self.column = column
        self.reason = reason


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else Windows-1252: the two encodings the exports use."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


class _LineTap:
    """Feeds lines to csv.reader and remembers which ones made up the last record."""

    def __init__(self, text: str):
        self._lines = iter(io.StringIO(text, newline=""))
        self.taken: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.taken.append(line)
        return line


def _parse_value(col: Column, value: str):
    """The typed value of one field, or _InvalidValue with the reason."""
    if col.kind == DATE:
        if not _DATE.match(value):
            midnight = _DATE_AT_MIDNIGHT.match(value)
            value = midnight.group(1) if midnight else value
        if not _DATE.match(value):
            raise _InvalidValue(col.name, f"not a date YYYY-MM-DD: {value!r}")
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise _InvalidValue(col.name, f"impossible date: {value!r}") from None
    if col.kind == DATETIME:
        m = _DATETIME.match(value)
        if not m:
            if _DATE.match(value):
                raise _InvalidValue(col.name, f"date-time without a time (YYYY-MM-DD HH:MM): {value!r}")
            raise _InvalidValue(col.name, f"not a date-time YYYY-MM-DD HH:MM: {value!r}")
        try:
            parsed = datetime(*map(int, m.group(1).split("-")), int(m.group(2)), int(m.group(3)),
                              int(m.group(4) or 0))
        except ValueError:
            raise _InvalidValue(col.name, f"impossible date-time: {value!r}") from None
        return parsed.isoformat(sep=" ")
    if col.kind == DECIMAL:
        if _DECIMAL_WITH_POINT.match(value):
            raise _InvalidValue(col.name, f"decimal point where a decimal comma belongs: {value!r}")
        if not _DECIMAL.match(value):
            raise _InvalidValue(col.name, f"not a decimal number: {value!r}")
        number = float(value.replace(",", "."))
        _check_range(col, number, col.low, col.high)
        return number
    if col.kind == INTEGER:
        if not _INTEGER.match(value):
            raise _InvalidValue(col.name, f"not a whole number: {value!r}")
        number = int(value)
        _check_range(col, number, col.low, col.high)
        return number
    if col.kind == ENUM and value not in col.values:
        # The same value in other letter case (`läkare`, `BESÖK`) is that value.
        canonical = next((v for v in col.values if v.casefold() == value.casefold()), None)
        if canonical is None:
            raise _InvalidValue(col.name, f"{value!r} is not one of {', '.join(col.values)}")
        return canonical
    return value


def _check_range(col: Column, number: float, low: float | None, high: float | None) -> None:
    if (low is not None and number < low) or (high is not None and number > high):
        raise _InvalidValue(col.name, f"{number:g} is outside the plausible range {low:g}–{high:g}")


def _map_header(spec: ExportSpec, header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Positions of the contract's columns in the header; unknown extra columns listed apart."""
    lowered = {name.strip().lower(): i for i, name in reversed(list(enumerate(header)))}
    missing = [c.name for c in spec.columns if c.name.lower() not in lowered]
    if missing:
        hint = ""
        if len(header) == 1 and any(sep in header[0] for sep in (",", "\t", "|")):
            hint = " (the header has a single column: is the file separated by something else than ';'?)"
        raise FileRefused(
            spec.file,
            f"required column{'s' if len(missing) > 1 else ''} missing from the header: "
            f"{', '.join(missing)}{hint}",
        )
    known = {c.name.lower() for c in spec.columns}
    extra = [name.strip() for name in header if name.strip() and name.strip().lower() not in known]
    return {c.name: lowered[c.name.lower()] for c in spec.columns}, extra


def read_export(path: Path, spec: ExportSpec, pseudonymiser: Pseudonymiser,
                reference_date: date | None = None) -> ReadResult:
    """Read one export; `reference_date` (the month's last day) is what a personnummer's `+`
    (100 or older) is checked against."""
    data = path.read_bytes()
    text, encoding = decode(data)
    if not text.strip():
        raise FileRefused(spec.file, "the file is empty (not even a header row)")

    tap = _LineTap(text)
    reader = csv.reader(tap, delimiter=DELIMITER, quotechar='"', strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise FileRefused(spec.file, f"the header row cannot be read ({exc})") from None
    positions, extra = _map_header(spec, header)
    warnings = []
    if extra:
        warnings.append(f"{spec.file}: unknown column(s) ignored: {', '.join(extra)}")
    if encoding == "cp1252":
        warnings.append(f"{spec.file}: read as Windows-1252 (not valid UTF-8)")

    rows: list[dict] = []
    rejects: list[Reject] = []
    seen_keys: dict[tuple, int] = {}
    pnr_column = next((c.name for c in spec.columns if c.kind == PERSONNUMMER), None)
    n_fields = len(header)
    row_number = 0
    while True:
        tap.taken = []
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            # An unterminated quote swallows the rest of the file into one broken record.
            row_number += 1
            rejects.append(Reject(row_number, None, f"unreadable line: {exc}", _mask("".join(tap.taken))))
            break
        if not fields or (len(fields) == 1 and not fields[0].strip()):
            continue  # blank lines are not rows
        row_number += 1
        raw_line = "".join(tap.taken).rstrip("\r\n")
        if len(fields) > n_fields and not any(f.strip() for f in fields[n_fields:]):
            fields = fields[:n_fields]  # a trailing separator (`…;N;`): empty fields past the header
        if len(fields) != n_fields:
            rejects.append(Reject(row_number, None,
                                  f"expected {n_fields} fields, found {len(fields)}", _mask(raw_line)))
            continue
        try:
            row = _type_row(spec, fields, positions, pseudonymiser, reference_date)
            key = _row_key(spec, fields, positions)
            if key is not None:
                if key in seen_keys:
                    raise _InvalidValue(
                        ",".join(spec.unique_key),
                        f"duplicate {'+'.join(spec.unique_key)} (first delivered on row {seen_keys[key]})",
                    )
                seen_keys[key] = row_number
        except _InvalidValue as bad:
            rejects.append(Reject(row_number, bad.column, bad.reason,
                                  _mask(raw_line, fields, positions.get(pnr_column), pseudonymiser)))
            continue
        row["source_row"] = row_number
        rows.append(row)

    frame = pd.DataFrame(rows, columns=_frame_columns(spec))
    return ReadResult(spec.file, frame, rejects, row_number, encoding, warnings)


def _frame_columns(spec: ExportSpec) -> list[str]:
    cols = []
    for c in spec.columns:
        if c.kind == PERSONNUMMER:
            cols += ["person_pseudonym", "pnr_kind", "pnr_birth_date", "pnr_sex", "pnr_problem"]
        else:
            cols.append(c.name)
    return cols + ["source_row"]


def _type_row(spec: ExportSpec, fields: list[str], positions: dict[str, int],
              pseudonymiser: Pseudonymiser, reference_date: date | None = None) -> dict:
    row: dict = {}
    for col in spec.columns:
        value = fields[positions[col.name]].strip()
        if len(value) == len(NULL_TEXT) and value.lower() == NULL_TEXT:
            value = ""
        if value == "":
            if col.required:
                raise _InvalidValue(col.name, "missing value")
            row[col.name] = None
            continue
        if col.kind == PERSONNUMMER:
            parsed = personnummer.parse(value, reference_date)
            row["person_pseudonym"] = pseudonymiser.pseudonym(value)
            row["pnr_kind"] = parsed.kind
            row["pnr_birth_date"] = parsed.birth_date.isoformat() if parsed.birth_date else None
            row["pnr_sex"] = parsed.sex
            row["pnr_problem"] = parsed.problem
            continue
        row[col.name] = _parse_value(col, value)
    if spec.ranges_by:
        value_col, by_col, ranges = spec.ranges_by
        low, high = ranges.get(row[by_col], (None, None))
        if low is not None:
            col = next(c for c in spec.columns if c.name == value_col)
            _check_range(col, row[value_col], low, high)
    return row


def _row_key(spec: ExportSpec, fields: list[str], positions: dict[str, int]) -> tuple | None:
    if not spec.unique_key:
        return None
    key = []
    for name in spec.unique_key:
        value = fields[positions[name]].strip()
        col = next(c for c in spec.columns if c.name == name)
        if col.kind == PERSONNUMMER:
            parsed = personnummer.parse(value)
            value = parsed.digits if parsed.is_valid else value
        key.append(value)
    return tuple(key)


def _mask(raw_line: str, fields: list[str] | None = None, pnr_position: int | None = None,
          pseudonymiser: Pseudonymiser | None = None) -> str:
    """The line as delivered, with the personnummer replaced by its pseudonym's prefix and
    anything else shaped like a personnummer masked."""
    if fields is not None and pnr_position is not None and pseudonymiser is not None:
        value = fields[pnr_position].strip()
        if value:
            raw_line = raw_line.replace(value, "pnr:" + pseudonymiser.pseudonym(value)[:12])
    return personnummer.mask_personnummer_like(raw_line)
