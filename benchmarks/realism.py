"""How realistic is the synthetic region? Prints its figures beside the proportions issue 2 asks
for (a county of 133 600 listed in 28 centres).

    uv run python benchmarks/realism.py [warehouse.duckdb] [--month YYYY-MM]

Reads a warehouse loaded from `baspaket synth` exports (e.g. after `baspaket demo`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import duckdb

TARGETS = [
    # label, SQL over indicator_values for the month (REGION unless noted), target text
    (
        "contacts per listed and year",
        "12 * sum(numerator) filter (where indicator = 'contacts' and centre_id = 'REGION') / "
        "sum(numerator) filter (where indicator = 'listed' and centre_id = 'REGION')",
        "≈ 4.5 (600 000 / 133 600)",
    ),
    (
        "home visits per listed and year",
        "12 * sum(numerator) filter (where indicator = 'home_visits' and centre_id = 'REGION') / "
        "sum(numerator) filter (where indicator = 'listed' and centre_id = 'REGION')",
        "≈ 0.125 (16 700 / 133 600)",
    ),
    (
        "diabetes prevalence",
        "max(value) filter (where indicator = 'diabetes_prevalence' and centre_id = 'REGION')",
        "≈ 6 %",
    ),
    ("CNI, lowest centre", "min(value) filter (where indicator = 'cni' and centre_id <> 'REGION')", "≈ 0.7"),
    ("CNI, highest centre", "max(value) filter (where indicator = 'cni' and centre_id <> 'REGION')", "≈ 1.25"),
    ("0:an, region", "max(value) filter (where indicator = 'phone_same_day' and centre_id = 'REGION')", "≈ 86 %"),
    (
        "0:an, spread of centres",
        "stddev(value) filter (where indicator = 'phone_same_day' and centre_id <> 'REGION')",
        "real spread",
    ),
    (
        "3:an, region",
        "max(value) filter (where indicator = 'assessment_within_3_days' and centre_id = 'REGION')",
        "≈ 70 %",
    ),
    (
        "3:an, spread of centres",
        "stddev(value) filter (where indicator = 'assessment_within_3_days' and centre_id <> 'REGION')",
        "real spread",
    ),
    (
        "continuity doctor, region",
        "max(value) filter (where indicator = 'continuity_doctor' and centre_id = 'REGION')",
        "≈ 0.3",
    ),
    (
        "continuity doctor, spread",
        "stddev(value) filter (where indicator = 'continuity_doctor' and centre_id <> 'REGION')",
        "spread",
    ),
    (
        "continuity nurse, region",
        "max(value) filter (where indicator = 'continuity_nurse' and centre_id = 'REGION')",
        "≈ 0.3",
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", nargs="?", default="warehouse/baspaket.duckdb", type=Path)
    parser.add_argument("--month", help="YYYY-MM (default: the latest built)")
    args = parser.parse_args()
    con = duckdb.connect(str(args.warehouse), read_only=True)
    month = args.month or con.execute("select max(period) from marts.indicator_values").fetchone()[0]
    print(f"Synthetic region in {args.warehouse}, {month}\n")
    print(f"{'figure':36} {'value':>10}   target")
    for label, expression, target in TARGETS:
        value = con.execute(f"select {expression} from marts.indicator_values where period = ?", [month]).fetchone()[0]
        shown = "–" if value is None else (f"{value:.1%}" if "%" in target else f"{value:.3f}")
        print(f"{label:36} {shown:>10}   {target}")


if __name__ == "__main__":
    main()
