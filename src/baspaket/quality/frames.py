"""The small frames Great Expectations validates: counts computed in DuckDB, never rows.

Per month and file (structure, counted here on the raw tables) or per month, centre and check
(registration, counted by dbt in marts.registration_check_counts), the frames hold what each
check looks at (the rows it applies to, and the rows that break it): a few rows. A month of the largest region costs milliseconds to validate this way, and no
person, pseudonym or value can reach GE, its results or its Data Docs: only counts and centre ids.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from baspaket.contract.schemas import PERSONNUMMER, ExportSpec

REGION = "REGION"


def _column(spec: ExportSpec, name: str) -> str:
    col = next(c for c in spec.columns if c.name == name)
    return "person_pseudonym" if col.kind == PERSONNUMMER else f'"{col.name}"'


def structure_counts(con: duckdb.DuckDBPyConnection, spec: ExportSpec, month: str) -> pd.DataFrame:
    """One row for the file's month: rows loaded; per required column, the rows without a value
    (`missing:<column>`); per key, the rows repeating an earlier row's key (`duplicate:<key>`);
    and the latest audit row's reject share (`loads` = 1 when the month has one)."""
    counts = ["count(*) AS rows"]
    for c in spec.columns:
        if c.required:
            counts.append(f'count(*) FILTER (WHERE {_column(spec, c.name)} IS NULL) AS "missing:{c.name}"')
    if spec.unique_key:
        key = ", ".join(_column(spec, k) for k in spec.unique_key)
        counts.append(f'count(*) - count(DISTINCT ({key})) AS "duplicate:{"+".join(spec.unique_key)}"')
    return con.execute(
        f"""
        WITH loaded AS (SELECT {", ".join(counts)} FROM raw.{spec.table} WHERE delivery_month = $month),
        audit AS (
            SELECT count(*) AS loads,
                   coalesce(max_by(CASE WHEN rows_read > 0 THEN rows_rejected / rows_read ELSE 0 END, loaded_at), 0)
                       AS reject_share
            FROM audit.file_loads WHERE month = $month AND file = $file AND status = 'loaded')
        SELECT loaded.*, least(audit.loads, 1) AS loads, audit.reject_share FROM loaded, audit
        """,
        {"month": month, "file": spec.file},
    ).df()


@dataclass(frozen=True)
class RegistrationRule:
    rule: str  # the reg_* indicator it mirrors
    description: str
    tolerated_share: float


def registration_rules(con: duckdb.DuckDBPyConnection, frame_name: str) -> list[RegistrationRule]:
    """The rules of seeds/registration_rules.csv checked on `frame_name` ('contacts' or
    'codes'), as dbt loaded them (the seed is the only place they are written)."""
    return [
        RegistrationRule(*row)
        for row in con.execute(
            "SELECT rule, description, tolerated_share::DOUBLE FROM reference.registration_rules "
            "WHERE checked_on = ? ORDER BY rule",
            [frame_name],
        ).fetchall()
    ]


def registration_counts(con: duckdb.DuckDBPyConnection, rules: list[RegistrationRule], month: str) -> pd.DataFrame:
    """One row per centre and one for the whole region (`REGION`), from
    marts.registration_check_counts: per rule, the rows it was checked on (`<rule>:checked`),
    those found wrong (`<rule>:flagged`), their share and the lower limit of the share's
    interval (`<rule>:lower_limit`), which the suite compares with the tolerance."""
    measures = [
        f"coalesce(max({column}) FILTER (WHERE check_name = '{rule.rule}'), 0) AS \"{rule.rule}:{name}\""
        for rule in rules
        for name, column in (
            ("checked", "checked"),
            ("flagged", "flagged"),
            ("share", "share"),
            ("lower_limit", "share_lower_limit"),
        )
    ]
    return con.execute(
        f"""
        SELECT centre_id, {", ".join(measures)}
        FROM marts.registration_check_counts
        WHERE period = $month AND check_name IN (SELECT unnest($rules))
        GROUP BY centre_id
        ORDER BY centre_id = '{REGION}' DESC, centre_id
        """,
        {"month": month, "rules": [r.rule for r in rules]},
    ).df()
