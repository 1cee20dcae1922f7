"""The contract's checks on single values, as SQL: what makes a delivered text a typed value,
and the reason it is rejected when it cannot be one.

`reader.py` runs these over a whole file at once in DuckDB. Each column of an `ExportSpec` gives
helper expressions (evaluated once per row), its typed value and its error: NULL when the value
is fine, otherwise the reason, worded as analysts see it in `audit.rejects`. The first failing
column in the contract's order is the row's reason, then a per-value range (`ranges_by`).
"""

from __future__ import annotations

from dataclasses import dataclass

from baspaket.contract.schemas import (
    DATE,
    DATETIME,
    DECIMAL,
    ENUM,
    INTEGER,
    THOUSANDS_SEPARATORS,
    Column,
    ExportSpec,
)

# What Python's str.strip() removes that an export plausibly holds: space, tab, line ends, form
# feed, and the no-break space Excel leaves behind.
_WHITE_SPACE_CODES = (32, 9, 10, 11, 12, 13, 160)
_WHITE_SPACE = "(" + " || ".join(f"chr({code})" for code in _WHITE_SPACE_CODES) + ")"


def _regex_class(characters: str) -> str:
    """The characters as the inside of an RE2 class, each by its code (`\\x{A0}`)."""
    return "".join(f"\\x{{{ord(ch):02X}}}" for ch in characters)


# A value that starts or ends with one of them. DuckDB's trim() with a set of characters is slow
# (2.6 s for the 2.4 M listing rows' seven fields, against 0.9 s for this test first): most
# values have nothing to remove, and are only tested.
_EDGE_WHITE_SPACE = "'^[{0}]|[{0}]$'".format(_regex_class("".join(map(chr, _WHITE_SPACE_CODES))))
_DATE_SHAPE = "'[0-9]{4}-[0-9]{2}-[0-9]{2}'"
# The date as the contract writes it (`2025-03-05`), or as other systems write the same date with
# the year first: `2025/03/05`, `20250305`. Year first, these cannot be read as another day; a
# day or month first (`05/03/2025`) could, and stays rejected. iso_date (ISO_DATE_MACRO) makes
# each YYYY-MM-DD.
_ANY_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}/[0-9]{2}/[0-9]{2}|[0-9]{8}"
# A date column's date written so, alone or as a date-time at midnight, as database exports
# often write dates.
_DATE_WRITTEN_OTHERWISE = rf"'^({_ANY_DATE})(?:[ T]00:00(?::00(?:\.0+)?)?)?$'"
# Seconds and their fraction may follow (`09:30:00.000`, as SQL Server writes a datetime); the
# contract's precision is the minute, and the fraction is dropped. The hour may have one digit
# (`9:30`, as a spreadsheet writes it).
_DATETIME = rf"'^({_ANY_DATE})[ T]([0-9]{{1,2}}):([0-9]{{2}})(?::([0-9]{{2}})(?:\.[0-9]+)?)?$'"
# A decimal number as the contract writes it (`7,4`), and as Swedish spreadsheets write larger
# ones: thousands grouped by a space, a no-break space or a narrow no-break space (`1 234,5`).
_SEPARATORS = _regex_class("".join(THOUSANDS_SEPARATORS))
_DECIMAL_SHAPE = "'-?[0-9]+(,[0-9]+)?'"
_GROUPED_DECIMAL_SHAPE = f"'-?[0-9]{{1,3}}([{_SEPARATORS}][0-9]{{3}})+(,[0-9]+)?'"
_THOUSANDS_SEPARATOR = f"'[{_SEPARATORS}]'"
# A share written in percent with its sign (`75 %`, `75%`, `12,5 %`), in a share's column only.
_PERCENT_SHAPE = f"'-?[0-9]+(,[0-9]+)?[{_SEPARATORS}]?%'"
_SPACE_OR_PERCENT_SIGN = f"'[{_SEPARATORS}%]'"
MISSING = "'missing value'"

# The date text of _ANY_DATE as YYYY-MM-DD.
ISO_DATE_MACRO = """
CREATE OR REPLACE TEMP MACRO iso_date(t) AS
    CASE WHEN strlen(t) = 8 THEN substr(t, 1, 4) || '-' || substr(t, 5, 2) || '-' || substr(t, 7, 2)
         ELSE replace(t, '/', '-') END
"""

# Python's repr() of a text, as the reasons quote values: 'x', or "x" when x holds a '.
PY_REPR_MACRO = """
CREATE OR REPLACE TEMP MACRO py_repr(x) AS
    CASE WHEN contains(x, '''') AND NOT contains(x, '"') THEN '"' || replace(x, '\\', '\\\\') || '"'
         ELSE '''' || replace(replace(x, '\\', '\\\\'), '''', '\\''') || '''' END
"""

# The macros the checks' SQL calls (py_repr, iso_date): a connection gets them all before it reads.
SQL_MACROS = (PY_REPR_MACRO, ISO_DATE_MACRO)


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stripped(field: str) -> str:
    """A delivered field as the contract reads it: surrounding white space removed, and empty or
    `NULL` (what some export tools write for a missing value) both meaning no value."""
    trimmed = f"trim({field}, {_WHITE_SPACE})"
    return (
        f"CASE WHEN regexp_matches({field}, {_EDGE_WHITE_SPACE}) THEN {_no_value_as_null(trimmed)} "
        f"ELSE {_no_value_as_null(field)} END"
    )


def _no_value_as_null(text: str) -> str:
    """NULL for an empty text or the word null in any case; strlen (bytes, no decoding) first,
    so that lower() runs on four-byte texts only."""
    return f"CASE WHEN {text} = '' OR (strlen({text}) = 4 AND lower({text}) = 'null') THEN NULL ELSE {text} END"


@dataclass(frozen=True)
class ColumnSql:
    # name -> expression over the stripped value `v`; a later helper may use an earlier one
    helpers: dict[str, str]
    value: str  # the typed value (may use the helpers)
    error: str  # NULL, or the reason the value is rejected


def _g(number: str) -> str:
    return f"format('{{:g}}', {number})"


def _decimal(text: str) -> str:
    """A text of digits with a decimal comma as a number."""
    return f"CAST(replace({text}, ',', '.') AS DOUBLE)"


def _range_error(number: str, low: float | None, high: float | None) -> str | None:
    if low is None or high is None:
        return None
    return (
        f"CASE WHEN {number} < {low} OR {number} > {high} THEN {_g(number)} || "
        f"' is outside the plausible range {low:g}–{high:g}' END"
    )


def column_sql(col: Column, v: str, n: str) -> ColumnSql:
    """SQL for one contract column; `v` names its stripped value, `n` a prefix for helpers."""
    missing = f"WHEN {v} IS NULL THEN {MISSING if col.required else 'NULL'}"
    if col.kind == DATE:
        d, typed = f"{n}_date_text", f"{n}_date"
        return ColumnSql(
            {
                d: f"CASE WHEN regexp_full_match({v}, {_DATE_SHAPE}) THEN {v} "
                f"ELSE iso_date(nullif(regexp_extract({v}, {_DATE_WRITTEN_OTHERWISE}, 1), '')) END",
                typed: f"CASE WHEN {d} >= '0001' THEN try_cast({d} AS DATE) END",
            },
            typed,
            f"CASE {missing} WHEN {d} IS NULL THEN 'not a date YYYY-MM-DD: ' || py_repr({v}) "
            f"WHEN {typed} IS NULL THEN 'impossible date: ' || py_repr({v}) END",
        )
    if col.kind == DATETIME:
        parts, typed = f"{n}_parts", f"{n}_timestamp"
        # Every contact and call has one or two: a date of ten characters (`2025-03-05`,
        # `2025/03/05`) is cast as it is, which DuckDB reads either way; iso_date on every row
        # took 0.15 s more of the 1.14 M contacts.
        return ColumnSql(
            {
                parts: f"regexp_extract({v}, {_DATETIME}, ['d', 'h', 'mi', 's'])",
                typed: f"CASE WHEN {parts}['d'] >= '0001' AND CAST({parts}['h'] AS INTEGER) < 24 "
                f"AND CAST({parts}['mi'] AS INTEGER) < 60 AND CAST(coalesce(nullif({parts}['s'], ''), '0') AS INTEGER) < 60 "
                f"THEN try_cast(CASE WHEN strlen({parts}['d']) = 10 THEN {parts}['d'] ELSE iso_date({parts}['d']) END AS DATE) "
                f"+ make_time(CAST({parts}['h'] AS BIGINT), "
                f"CAST({parts}['mi'] AS BIGINT), CAST(coalesce(nullif({parts}['s'], ''), '0') AS DOUBLE)) END",
            },
            typed,
            f"CASE {missing} WHEN {parts}['d'] = '' THEN CASE WHEN regexp_full_match({v}, '(?:{_ANY_DATE})') "
            f"THEN 'date-time without a time (YYYY-MM-DD HH:MM): ' ELSE 'not a date-time YYYY-MM-DD HH:MM: ' END "
            f"|| py_repr({v}) WHEN {typed} IS NULL THEN 'impossible date-time: ' || py_repr({v}) END",
        )
    if col.kind in (DECIMAL, INTEGER):
        number = f"{n}_number"
        if col.kind == DECIMAL:  # a decimal comma; a decimal point is its own reason
            without_separators = f"regexp_replace({v}, {_THOUSANDS_SEPARATOR}, '', 'g')"
            read = (
                f"CASE WHEN regexp_full_match({v}, {_DECIMAL_SHAPE}) THEN {_decimal(v)} "
                f"WHEN regexp_full_match({v}, {_GROUPED_DECIMAL_SHAPE}) THEN {_decimal(without_separators)} "
            )
            if col.share:
                without_sign = f"regexp_replace({v}, {_SPACE_OR_PERCENT_SIGN}, '', 'g')"
                read += f"WHEN regexp_full_match({v}, {_PERCENT_SHAPE}) THEN {_decimal(without_sign)} / 100 "
            read += "END"
            typed, fits, not_a_number = number, "true", "not a decimal number: "
            point = (
                f"WHEN regexp_full_match({v}, '-?[0-9]+\\.[0-9]+') "
                f"THEN 'decimal point where a decimal comma belongs: ' || py_repr({v}) "
            )
        else:
            read = f"CASE WHEN regexp_full_match({v}, '-?[0-9]+') THEN try_cast({v} AS DOUBLE) END"
            typed = f"try_cast({v} AS INTEGER)"
            fits, not_a_number, point = f"{typed} IS NOT NULL", "not a whole number: ", ""
        return ColumnSql(
            {number: read},
            typed,
            f"CASE {missing} {point}WHEN {number} IS NULL OR NOT ({fits}) "
            f"THEN {literal(not_a_number)} || py_repr({v}) "
            f"ELSE {_range_error(number, col.low, col.high) or 'NULL'} END",
        )
    if col.kind == ENUM:
        canonical = f"{n}_canonical"
        # The same value in other letter case or with or without its Swedish letters (`läkare`,
        # `BESÖK`, `KVÅ` for KVA, `STÄNGT` for STANGT) is that value, and so is a synonym (`Ja`
        # for J). The folding is DuckDB's strip_accents, of the delivered value once per row that
        # is not exactly a value (most are), and of the contract's words as constants.
        words = [(value.lower(), value) for value in col.values] + list(col.synonyms)
        cases = " ".join(f"WHEN strip_accents({literal(word)}) THEN {literal(value)}" for word, value in words)
        return ColumnSql(
            {
                canonical: f"CASE WHEN {v} IN ({', '.join(map(literal, col.values))}) THEN {v} "
                f"ELSE CASE strip_accents(lower({v})) {cases} END END"
            },
            canonical,
            f"CASE {missing} WHEN {canonical} IS NULL THEN py_repr({v}) || "
            f"{literal(' is not one of ' + ', '.join(col.values))} END",
        )
    # Text, and the personnummer (typed by personnummer.verdicts_sql): only its presence here.
    return ColumnSql({}, v, f"CASE {missing} END")


def ranges_by_sql(spec: ExportSpec, typed: dict[str, str]) -> str | None:
    """The per-value range check (`matvarden`: the range of Varde depends on Variabel)."""
    if not spec.ranges_by:
        return None
    value_col, by_col, ranges = spec.ranges_by
    number, by = typed[value_col], typed[by_col]
    cases = " ".join(
        f"WHEN {literal(key)} THEN {_range_error(number, low, high)}" for key, (low, high) in ranges.items()
    )
    return f"CASE {by} {cases} END"
