"""Bringing a warehouse made by an earlier version up to what this one writes, once, before its
first load: each upgrade is recorded by name in `audit.upgrades` and never run again.

Pseudonyms of 12 characters (PSEUDONYM_BYTES, ingest/pseudonym.py) replaced the 64 hex
characters of the whole HMAC. A month pseudonymised now would join none of the persons an older
warehouse holds, so the stored pseudonyms are shortened the same way: each is the same person's
pseudonym as a load gives it now, without the key and without loading any month again.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from baspaket.ingest.pseudonym import shortened_sql

SHORT_PSEUDONYMS = "pseudonyms of 12 characters"
# Where a person's pseudonym is stored: raw.* (person_pseudonym) and every table dbt builds from
# it (person_id).
PSEUDONYM_COLUMNS = ("person_pseudonym", "person_id")
_LONG_PSEUDONYM_LENGTH = 64  # the whole HMAC-SHA-256 in hex


def done(con: duckdb.DuckDBPyConnection, upgrade: str) -> bool:
    found = con.execute("SELECT count(*) FROM audit.upgrades WHERE upgrade = ?", [upgrade]).fetchone()
    return bool(found and found[0])


def tables_with_pseudonyms(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(schema, table, column) of every stored table's pseudonym column, in this database."""
    return con.execute(
        """
        SELECT c.table_schema, c.table_name, c.column_name
        FROM information_schema.columns AS c
        INNER JOIN information_schema.tables AS t USING (table_catalog, table_schema, table_name)
        WHERE t.table_type = 'BASE TABLE' AND t.table_catalog = current_database()
          AND c.column_name IN (SELECT unnest(?)) AND c.data_type = 'VARCHAR'
        ORDER BY ALL
        """,
        [list(PSEUDONYM_COLUMNS)],
    ).fetchall()


def shorten_stored_pseudonyms(con: duckdb.DuckDBPyConnection) -> int:
    """Shorten the 64-character pseudonyms of a warehouse made before PSEUDONYM_BYTES, and record
    it; the number of columns changed. A new warehouse has none to change.

    Each column is rewritten by ALTER … USING, in a transaction of its own: an UPDATE of every
    row keeps each old value in memory until it commits, and ran out of the 4 GiB at 2.4 M
    listed with 24 months of history. A load stopped halfway leaves some columns shortened and
    the upgrade unrecorded; the next load shortens the rest (a pseudonym of 12 characters is
    never 64), and no month is loaded or built before it has."""
    if done(con, SHORT_PSEUDONYMS):
        return 0
    changed = 0
    for schema, table, column in tables_with_pseudonyms(con):
        relation, quoted = f'"{schema}"."{table}"', f'"{column}"'
        is_long = f"length({quoted}) = {_LONG_PSEUDONYM_LENGTH}"
        if con.execute(f"SELECT 1 FROM {relation} WHERE {is_long} LIMIT 1").fetchone():
            con.execute(
                f"ALTER TABLE {relation} ALTER COLUMN {quoted} SET DATA TYPE VARCHAR "
                f"USING CASE WHEN {is_long} THEN {shortened_sql(quoted)} ELSE {quoted} END"
            )
            changed += 1
    con.execute("INSERT INTO audit.upgrades VALUES (?, ?)", [SHORT_PSEUDONYMS, datetime.now()])
    return changed
