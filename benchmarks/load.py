"""Speed and memory of the monthly load, measured (not asserted).

    uv run python benchmarks/load.py --persons 133600 --months 2025-01:2025-12

Writes a synthetic region into a temporary folder, loads every month through the real stack
(Dagster in-process, dbt, Great Expectations, outputs), and prints the time of each phase,
rows per second and peak memory (this process, and the dbt subprocess).
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import tempfile
import time
from pathlib import Path

import dagster as dg


def peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--centres", type=int, default=None)
    parser.add_argument("--months", default="2025-01:2025-12")
    parser.add_argument("--keep", type=Path, help="keep the run in this folder instead of a temporary one")
    args = parser.parse_args()
    os.environ.setdefault("BASPAKET_PSEUDONYM_KEY", secrets.token_hex(32))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

    from orchestration.months import parse_month_range
    from orchestration.runner import load
    from orchestration.settings import Settings
    from synthetic.generator import SynthConfig, generate

    root = args.keep or Path(tempfile.mkdtemp(prefix="baspaket-bench-"))
    settings = Settings.resolve(warehouse=root / "warehouse.duckdb", landing=root / "landing", output=root / "output")
    first, last = parse_month_range(args.months)

    t0 = time.perf_counter()
    months = generate(settings.landing, SynthConfig(first_month=first, last_month=last, persons=args.persons,
                                                    centres=args.centres))
    t1 = time.perf_counter()
    summary = load(months, settings, instance=dg.DagsterInstance.ephemeral(), log_file=root / "load.log")
    t2 = time.perf_counter()
    rows = sum(f[2] or 0 for f in summary.files)
    size = settings.warehouse.stat().st_size / 2**20

    print(f"persons {args.persons:,}, months {len(months)} ({months[0]} … {months[-1]}), rows {rows:,}")
    print(f"synthetic exports   {t1 - t0:8.1f} s")
    print(f"load (all phases)   {t2 - t1:8.1f} s   {rows / (t2 - t1):,.0f} rows/s   success={summary.success}")
    for run in summary.runs:
        for step, seconds in run.step_seconds.items():
            print(f"  {step:30} {seconds:8.1f} s")
    print(f"peak memory: this process {peak_mib(resource.RUSAGE_SELF):,.0f} MiB, "
          f"largest child (dbt) {peak_mib(resource.RUSAGE_CHILDREN):,.0f} MiB")
    print(f"warehouse file {size:,.0f} MiB; run folder {root}")


if __name__ == "__main__":
    main()
