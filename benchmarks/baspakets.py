"""The baspaket step alone: every centre's baspaket of one built month, written by the report
workers (BASPAKET_REPORT_WORKERS, else one per core), as the load's step writes them.

    uv run python benchmarks/baspakets.py /tmp/scCountry/warehouse.duckdb /tmp/out 2025-12

For a before/after of a report change on a warehouse that is already built, without loading a
month again. Prints the number of centres and files and the wall time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from baspaket.reports.marts import centres_with_listed
from baspaket.reports.outputs import write_baspakets
from baspaket.warehouse import connect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("output", type=Path, help="the folder the files go to (<output>/<month>/)")
    parser.add_argument("month", help="YYYY-MM, built in the warehouse")
    args = parser.parse_args()
    t0 = time.perf_counter()
    con = connect(args.warehouse, read_only=True)
    try:
        centre_ids = centres_with_listed(con, args.month)
    finally:
        con.close()
    paths = write_baspakets(args.warehouse, args.output, centre_ids, args.month)
    print(f"{len(centre_ids)} centres, {len(paths)} files, {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":  # the report workers are spawned: they import this file again
    main()
