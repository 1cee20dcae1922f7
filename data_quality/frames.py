"""The month's slices that Great Expectations validates, read from the warehouse as pandas
frames (GX 1.x cannot validate DuckDB through SQL). No personnummer is ever in these frames:
the raw layer holds only pseudonyms, and the registration frames hold no person column at all.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from orchestration.ingest.schemas import PERSONNUMMER, ExportSpec


def raw_month(con: duckdb.DuckDBPyConnection, spec: ExportSpec, month: str) -> pd.DataFrame:
    """The loaded rows of one export for one delivery month: the contract's columns only,
    with the personnummer column represented by its pseudonym."""
    cols = []
    for c in spec.columns:
        cols.append("person_pseudonym" if c.kind == PERSONNUMMER else f'"{c.name}"')
    return con.execute(
        f"SELECT {', '.join(cols)} FROM raw.{spec.table} WHERE delivery_month = ?", [month]
    ).df()


def file_load(con: duckdb.DuckDBPyConnection, spec: ExportSpec, month: str) -> pd.DataFrame:
    """The latest audit row of the file for the month, with its reject share."""
    return con.execute(
        """
        SELECT rows_read, rows_loaded, rows_rejected,
               CASE WHEN rows_read > 0 THEN rows_rejected / rows_read ELSE 0 END AS reject_share
        FROM audit.file_loads
        WHERE month = ? AND file = ? AND status = 'loaded'
        ORDER BY loaded_at DESC
        LIMIT 1
        """,
        [month, spec.file],
    ).df()


def registration_contacts(con: duckdb.DuckDBPyConnection, month: str) -> pd.DataFrame:
    """One row per centre contact of the month, one nullable boolean per registration rule."""
    return con.execute(
        """
        SELECT
            centre_id,
            contact_id,
            CASE WHEN is_doctor_contact THEN has_diagnosis END AS doctor_contact_has_diagnosis,
            CASE WHEN is_licensed THEN has_diagnosis END AS licensed_contact_has_diagnosis,
            CASE WHEN is_care_guarantee THEN NOT is_missing_seek_date END AS guarantee_has_seek_date,
            NOT is_missing_staff_id AS contact_has_staff_id,
            NOT has_invalid_personnummer AS personnummer_is_valid
        FROM marts.contact_registration_flags
        WHERE period = ?
        """,
        [month],
    ).df()


def registration_codes(con: duckdb.DuckDBPyConnection, month: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT
            centre_id,
            contact_id,
            is_well_formed AS code_has_valid_shape,
            CASE WHEN code_type = 'KVA' AND is_well_formed THEN NOT is_unknown_kva END AS kva_code_is_known
        FROM marts.code_registration_flags
        WHERE period = ?
        """,
        [month],
    ).df()
