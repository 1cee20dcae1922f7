"""The synthetic region at sizes a real region has: any size, in time proportional to it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from baspaket.contract.personnummer import parse
from baspaket.synthetic.generator import SynthConfig, generate
from baspaket.synthetic.population import PopulationBuilder


def test_a_400_000_person_month_is_made(tmp_path):
    months = generate(tmp_path, SynthConfig(first_month="2025-01", last_month="2025-01", persons=400_000))
    assert months == ["2025-01"]
    listing = pd.read_csv(tmp_path / "2025-01" / "listning.csv", sep=";", dtype=str, encoding="utf-8-sig")
    assert len(listing) > 395_000
    identifiers = listing["Personnummer"].str.replace("-", "", regex=False)
    assert identifiers.is_unique


def test_the_oldest_persons_get_distinct_valid_identifiers():
    """Everyone older than 104 used to share one birth date; its birth numbers ran out and the
    generator never finished. Now: 20 000 persons born on one day still get distinct numbers."""
    rng = np.random.default_rng(3)
    builder = PopulationBuilder(rng, np.ones(1), [["2380C1010"]], [["2380C1010"]])
    births = np.full(20_000, np.datetime64("1920-01-01"))
    male = rng.random(20_000) < 0.5
    pnrs = builder._unique_pnrs(births, male, np.zeros(20_000, dtype=bool))
    assert len(set(pnrs)) == 20_000
    parsed = [parse(p) for p in pnrs[:2000]]
    assert all(p.is_valid for p in parsed)
    assert all((p.sex == "M") == m for p, m in zip(parsed, male[:2000]))


def test_the_same_seed_makes_the_same_region_in_any_process(tmp_path):
    """Deterministic across processes, not only within one (Python's str hash differs by process)."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; from pathlib import Path; from baspaket.synthetic.generator import SynthConfig, generate; "
        "generate(Path(sys.argv[1]), SynthConfig(first_month='2025-01', last_month='2025-01', persons=2000))"
    )
    for run, hash_seed in (("a", "1"), ("b", "2")):
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / run)],
            check=True,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
    for name in ("listning.csv", "vardkontakter.csv", "lakemedel.csv"):
        assert (tmp_path / "a" / "2025-01" / name).read_bytes() == (tmp_path / "b" / "2025-01" / name).read_bytes(), (
            name
        )


def test_scaled_seeds_written_again_unchanged_keep_their_time_stamps(tmp_path):
    """The benchmark writes its region's seeds in every run; a seed newer than the dbt manifest
    makes the load parse the dbt project again (ensure_manifest), which a run with --reuse then
    measured as part of its month."""
    import csv
    import os

    from baspaket.settings import SEEDS_DIR
    from baspaket.synthetic.region import write_scaled

    write_scaled(SEEDS_DIR, tmp_path, 30)
    old = 1_000_000_000  # 2001: any change would give the files today's time
    for path in tmp_path.iterdir():
        os.utime(path, (old, old))
    write_scaled(SEEDS_DIR, tmp_path, 30)
    assert {p.name for p in tmp_path.iterdir() if p.stat().st_mtime != old} == set()
    with (tmp_path / "centres.csv").open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 30

    write_scaled(SEEDS_DIR, tmp_path, 31)  # another region: its centres change, nothing else
    assert {p.name for p in tmp_path.iterdir() if p.stat().st_mtime != old} == {"centres.csv"}
