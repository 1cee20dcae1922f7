"""How long one month takes at a region's size, stage by stage, against the bare-DuckDB floor.

    uv run python benchmarks/scale.py --persons 2400000 --centres 200 --history 24

Makes a synthetic region of the size asked (its seeds scaled to `--centres` health centres),
loads `--history` months as a backfill, then loads the next month alone, as a region does every
month, and times it per stage: wall time, rows per second, the peak memory of the whole process
tree (dbt included) and the warehouse's size. In the same run it measures the floor: bare
DuckDB reading the same month's eight files (Windows-1252 transcoded first), casting every
column and HMAC-ing the personnummer, into an empty database file. Prints the figures and the
ratio of the ingest to that floor, and appends them to benchmarks/results.json.

Speed is measured here, never asserted in a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import duckdb
import psutil

RESULTS = Path(__file__).with_name("results.json")


class PeakMemory:
    """Samples the resident memory of this process and all its children (dbt, Chromium) and
    keeps the largest total seen."""

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += process.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def floor_seconds(month_folder: Path, key: str, scratch: Path) -> tuple[float, int]:
    """Bare DuckDB on one month's files: transcode, read, cast every column, HMAC the
    personnummer, write. The least any loader built on DuckDB can take on this machine."""
    from baspaket.contract.schemas import DATE, DATETIME, DECIMAL, EXPORTS, INTEGER, PERSONNUMMER
    from baspaket.ingest.pseudonym import Pseudonymiser

    pseudonymiser = Pseudonymiser(key)
    database = scratch / "floor.duckdb"
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(database))
    pseudonymiser.install(con)
    rows = 0
    for spec in EXPORTS:
        path = month_folder / spec.file
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            path = scratch / spec.file
            path.write_bytes(data.decode("cp1252").encode("utf-8"))
        casts = []
        for c in spec.columns:
            column = f'"{c.name}"'
            casts.append(
                {
                    DATE: f"try_cast({column} AS DATE)",
                    DATETIME: f"try_cast({column} AS TIMESTAMP)",
                    DECIMAL: f"try_cast(replace({column}, ',', '.') AS DOUBLE)",
                    INTEGER: f"try_cast({column} AS INTEGER)",
                    PERSONNUMMER: pseudonymiser.pseudonym_sql(column),
                }.get(c.kind, column)
                + f' AS "{c.name}"'
            )
        con.execute(f"""CREATE TABLE {spec.table} AS SELECT {", ".join(casts)} FROM read_csv('{path}',
                        delim = ';', header = true, all_varchar = true, quote = '"', escape = '"',
                        store_rejects = true)""")
        rows += con.execute(f"SELECT count(*) FROM {spec.table}").fetchone()[0]
    con.close()
    return time.perf_counter() - started, rows


def kept_key(root: Path) -> str:
    """The run's pseudonym key, kept in its folder: a run with --reuse must pseudonymise the
    measured month under the key of the history it reuses, or no person of the month joins
    the history (the warehouse now refuses such a month)."""
    key_file = root / "pseudonym.key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=133_600)
    parser.add_argument("--centres", type=int, default=28)
    parser.add_argument("--history", type=int, default=12, help="months loaded before the measured month")
    parser.add_argument("--month", default="2025-12", help="the measured month")
    parser.add_argument("--keep", type=Path, help="keep the run in this folder instead of a temporary one")
    parser.add_argument("--note", default="", help="a word on what this run is about, kept in the results")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: reuse the exports and the loaded history of an earlier run"
    )
    args = parser.parse_args()
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")

    import dagster as dg

    from baspaket.contract.months import months_between, shift
    from baspaket.orchestration.runner import load
    from baspaket.settings import SEEDS_DIR, Settings
    from baspaket.synthetic.generator import SynthConfig, generate
    from baspaket.synthetic.region import write_scaled

    root = args.keep or Path(tempfile.mkdtemp(prefix="baspaket-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("BASPAKET_PSEUDONYM_KEY", kept_key(root))
    seeds = write_scaled(SEEDS_DIR, root / "seeds", args.centres)
    settings = Settings.resolve(
        warehouse=root / "warehouse.duckdb", landing=root / "landing", output=root / "output", seeds=seeds
    )
    first = shift(args.month, -args.history)
    history = months_between(first, shift(args.month, -1)) if args.history else []
    print(
        f"Region: {args.persons:,} listed, {args.centres} centres; history {len(history)} months, "
        f"measured {args.month}; folder {root}",
        flush=True,
    )

    # --reuse: the exports of an earlier run when they are there, and its loaded history when the
    # warehouse is there (a new --history in the same folder loads it again, from the same files)
    reuse_exports = args.reuse and all((settings.landing / m).is_dir() for m in [*history, args.month])
    reuse = reuse_exports and settings.warehouse.exists()
    synth_seconds = None
    if not reuse_exports:
        t0 = time.perf_counter()
        generate(
            settings.landing,
            SynthConfig(first_month=first, last_month=args.month, persons=args.persons, seeds_dir=seeds),
        )
        synth_seconds = time.perf_counter() - t0
        print(f"synthetic exports      {synth_seconds:8.1f} s", flush=True)

    instance = dg.DagsterInstance.ephemeral()
    backfill_seconds, backfill_peak = None, None
    if history and not reuse:
        with PeakMemory() as memory:
            t0 = time.perf_counter()
            summary = load(history, settings, instance=instance, log_file=root / "load.log")
            backfill_seconds = time.perf_counter() - t0
        backfill_peak = memory.peak
        print(
            f"backfill ({len(history)} months)  {backfill_seconds:8.1f} s   peak {memory.peak / 2**30:.2f} GiB"
            f"   success={summary.success}",
            flush=True,
        )

    with PeakMemory() as memory:
        t0 = time.perf_counter()
        summary = load([args.month], settings, instance=instance, log_file=root / "load.log")
        month_seconds = time.perf_counter() - t0
    [run] = summary.runs
    rows = sum(f[2] or 0 for f in summary.files)
    floor, floor_rows = floor_seconds(settings.landing / args.month, os.environ["BASPAKET_PSEUDONYM_KEY"], root)
    ingest = run.step_seconds.get("raw_exports", float("nan"))
    size = settings.warehouse.stat().st_size

    print(f"\nIncremental month {args.month}: {rows:,} rows, success={summary.success}")
    print(f"  {'whole month (wall)':34} {month_seconds:8.1f} s   {rows / month_seconds:12,.0f} rows/s")
    for step, seconds in sorted(run.step_seconds.items(), key=lambda item: -item[1]):
        print(f"  {step:34} {seconds:8.1f} s")
    # what the steps do not hold: inside the run, Dagster's own work between the steps; outside
    # it, the Definitions (dbt's manifest, the reference folder) before and the summary after
    between_steps = run.run_seconds - sum(run.step_seconds.values())
    outside_run = month_seconds - run.run_seconds
    print(f"  {'in the run, between the steps':34} {between_steps:8.1f} s")
    print(f"  {'before and after the run':34} {outside_run:8.1f} s")
    print(f"  {'floor: bare DuckDB, same files':34} {floor:8.1f} s   {floor_rows / floor:12,.0f} rows/s")
    print(f"  ingest / floor = {ingest / floor:.2f} (target ≤ 2)")
    print(f"  peak memory, whole process tree: {memory.peak / 2**30:.2f} GiB (target ≤ 6)")
    print(f"  warehouse file: {size / 2**30:.2f} GiB")

    record = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "commit": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=Path(__file__).parent
        ).stdout.strip(),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(psutil.virtual_memory().total / 2**30),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
        },
        "persons": args.persons,
        "centres": args.centres,
        "history_months": len(history),
        "month": args.month,
        "note": args.note,
        "rows": rows,
        "success": summary.success,
        "month_seconds": round(month_seconds, 1),
        "steps_seconds": {k: round(v, 1) for k, v in run.step_seconds.items()},
        "between_steps_seconds": round(between_steps, 1),
        "outside_run_seconds": round(outside_run, 1),
        "floor_seconds": round(floor, 1),
        "ingest_over_floor": round(ingest / floor, 2),
        "peak_memory_gib": round(memory.peak / 2**30, 2),
        "backfill_seconds": round(backfill_seconds, 1) if backfill_seconds else None,
        "backfill_peak_memory_gib": round(backfill_peak / 2**30, 2) if backfill_peak else None,
        "warehouse_gib": round(size / 2**30, 2),
        "synthetic_seconds": round(synth_seconds, 1) if synth_seconds else None,
    }
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    RESULTS.write_text(json.dumps(results + [record], indent=1, ensure_ascii=False) + "\n")
    print(f"\nAppended to {RESULTS}")


if __name__ == "__main__":
    main()
