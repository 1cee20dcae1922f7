"""The small frames Great Expectations validates: counts computed in DuckDB, never rows.

Per month and file (structure) or per month, centre and rule (registration), DuckDB counts what
each check looks at (the rows a rule applies to, and the rows that break it) and hands GE a frame
of a few rows. A month of the largest region costs milliseconds to validate this way, and no
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


# Per registration rule: the rows it applies to (NULL where it does not) and whether each is
# right, from the flag models (one statement of each rule: marts.*_registration_flags).
_RULE_ROWS = {
    "contacts": """
        SELECT centre_id,
            CASE WHEN is_doctor_contact THEN has_diagnosis END AS doctor_contact_has_diagnosis,
            CASE WHEN is_licensed THEN has_diagnosis END AS licensed_contact_has_diagnosis,
            CASE WHEN is_care_guarantee THEN NOT is_missing_seek_date END AS guarantee_has_seek_date,
            NOT is_missing_staff_id AS contact_has_staff_id,
            NOT has_invalid_personnummer AS personnummer_is_valid
        FROM marts.contact_registration_flags WHERE period = $month""",
    "codes": """
        SELECT centre_id,
            is_well_formed AS code_has_valid_shape,
            CASE WHEN code_type = 'KVA' AND is_well_formed THEN NOT is_unknown_kva END AS kva_code_is_known
        FROM marts.code_registration_flags WHERE period = $month""",
}


def registration_counts(con: duckdb.DuckDBPyConnection, frame_name: str, month: str) -> pd.DataFrame:
    """One row per centre and one for the whole region (`REGION`): per rule, the rows it was
    checked on (`<rule>:checked`), those found wrong (`<rule>:flagged`) and their share."""
    measures = []
    for check in REGISTRATION_CHECKS:
        if check.frame == frame_name:
            measures += [
                f'count({check.column}) AS "{check.name}:checked"',
                f'count(*) FILTER (WHERE NOT {check.column}) AS "{check.name}:flagged"',
                f'coalesce(count(*) FILTER (WHERE NOT {check.column}) / nullif(count({check.column}), 0), 0) '
                f'AS "{check.name}:share"',
            ]
    return con.execute(
        f"""
        SELECT CASE WHEN grouping(centre_id) = 1 THEN '{REGION}' ELSE centre_id END AS centre_id,
               {', '.join(measures)}
        FROM ({_RULE_ROWS[frame_name]})
        GROUP BY GROUPING SETS ((centre_id), ())
        ORDER BY grouping(centre_id) DESC, centre_id
        """,
        {"month": month},
    ).df()
