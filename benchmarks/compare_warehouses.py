"""Whether two warehouses hold the same figures: every table of `marts` and `audit`, row for row.

    uv run python benchmarks/compare_warehouses.py before.duckdb after.duckdb

The proof of a change that must not move a number (a new shape, a faster model): build the same
deliveries with the commit before and the commit after, then compare. Doubles are compared to
ten significant digits, because DuckDB sums in parallel and the order of a sum of doubles
changes its last digits from run to run (1e-14 relative), with or without a change. Columns
that record when something ran are left out. Prints one line per table and exits 1 when any
table differs.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

WHEN_COLUMNS = {"validated_at", "loaded_at", "built_at", "load_id", "recorded_at"}


def compared(column: str, data_type: str) -> str:
    if data_type == "DOUBLE":
        magnitude = f'cast(floor(log10(greatest(abs("{column}"), 1e-12))) as integer)'
        return f'round("{column}", 9 - {magnitude})'
    return f'"{column}"'


def differing_rows(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> int:
    columns = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = 'before' and table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    select = ", ".join(compared(c, t) for c, t in columns if c not in WHEN_COLUMNS)
    before, after = f"before.{schema}.{table}", f"{schema}.{table}"
    row = con.execute(f"""
        select count(*) from (
            (select {select} from {before} except all select {select} from {after})
            union all
            (select {select} from {after} except all select {select} from {before}))""").fetchone()
    return row[0] if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    args = parser.parse_args()
    con = duckdb.connect(args.after, read_only=True)
    con.execute(f"attach '{args.before}' as before (read_only)")
    tables = con.execute(
        "select table_schema, table_name from information_schema.tables where table_catalog = 'before' "
        "and table_schema in ('marts', 'audit') and table_type = 'BASE TABLE' order by 1, 2"
    ).fetchall()
    differ = 0
    for schema, table in tables:
        try:
            n = differing_rows(con, schema, table)
        except duckdb.Error as error:  # a table or column that only one of them has
            print(f"{schema}.{table}: cannot compare ({error})")
            differ += 1
            continue
        print(f"{schema}.{table}: {'same' if n == 0 else f'{n} rows differ'}")
        differ += n > 0
    print(f"{len(tables) - differ} of {len(tables)} tables the same")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
