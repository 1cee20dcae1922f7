"""The small frames Great Expectations validates: counts computed in DuckDB, never rows.

Per month and file (structure, counted here on the raw tables) or per month, centre and check
(registration, counted by dbt in marts.registration_check_counts), the frames hold what each
check looks at (the rows it applies to, and the rows that break it): a few rows. A month of the largest region costs milliseconds to validate this way, and no
person, pseudonym or value can reach GE, its results or its Data Docs: only counts and centre ids.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from data_quality.checks import REGISTRATION_CHECKS
from orchestration.ingest.schemas import PERSONNUMMER, ExportSpec

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
        WITH loaded AS (SELECT {', '.join(counts)} FROM raw.{spec.table} WHERE delivery_month = $month),
        audit AS (
            SELECT count(*) AS loads,
                   coalesce(max_by(CASE WHEN rows_read > 0 THEN rows_rejected / rows_read ELSE 0 END, loaded_at), 0)
                       AS reject_share
            FROM audit.file_loads WHERE month = $month AND file = $file AND status = 'loaded')
        SELECT loaded.*, least(audit.loads, 1) AS loads, audit.reject_share FROM loaded, audit
        """,
        {"month": month, "file": spec.file},
    ).df()


def registration_counts(con: duckdb.DuckDBPyConnection, frame_name: str, month: str) -> pd.DataFrame:
    """One row per centre and one for the whole region (`REGION`), from
    marts.registration_check_counts: per check on `frame_name` ('contacts' or 'codes'), the rows
    it was checked on (`<check>:checked`), those found wrong (`<check>:flagged`) and their share."""
    checks = [c.name for c in REGISTRATION_CHECKS if c.frame == frame_name]
    found = {name for (name,) in con.execute(
        "SELECT DISTINCT check_name FROM marts.registration_check_counts WHERE period = ? AND checked_on = ?",
        [month, frame_name]).fetchall()}
    if found and found != set(checks):
        raise RuntimeError(f"marts.registration_check_counts and data_quality/checks.py name different "
                           f"{frame_name} checks: {sorted(found ^ set(checks))}")
    measures = []
    for name in checks:
        checked = f"coalesce(sum(checked) FILTER (WHERE check_name = '{name}'), 0)"
        flagged = f"coalesce(sum(flagged) FILTER (WHERE check_name = '{name}'), 0)"
        measures += [f'{checked} AS "{name}:checked"', f'{flagged} AS "{name}:flagged"',
                     f'coalesce({flagged} / nullif({checked}, 0), 0) AS "{name}:share"']
    return con.execute(
        f"""
        SELECT centre_id, {', '.join(measures)}
        FROM marts.registration_check_counts
        WHERE period = $month AND checked_on = $frame
        GROUP BY centre_id
        ORDER BY centre_id = '{REGION}' DESC, centre_id
        """,
        {"month": month, "frame": frame_name},
    ).df()
