"""The Care Need Index reproduces SCB's published example (indicators.md): counts 595, 1 391,
484, 167, 385, 981, 632 among 5 912 listed give index ≈ 22 709 and CNI 1.5513.

The real model (int_deso_cni_scores) runs on a warehouse whose reference tables hold one DeSO
with the example's shares; the weights are the project's seed and R its dbt var."""

import csv

import duckdb
import pytest
import yaml

from baspaket.settings import DBT_PROJECT_DIR, SEEDS_DIR
from tests.conftest import run_dbt

COUNTS = {
    "under_5": 595,
    "born_abroad": 1391,
    "aged_65_alone": 484,
    "single_parent": 167,
    "moved_in": 385,
    "unemployed": 981,
    "low_education": 632,
}
LISTED = 5912


def _warehouse_of_one_area(tmp_path):
    """A warehouse whose reference tables hold the example's one DeSO and the project's weights."""
    warehouse = tmp_path / "w.duckdb"
    con = duckdb.connect(str(warehouse))
    con.execute("create schema reference")
    con.execute("create table reference.deso_cni (deso varchar, " + ", ".join(f"{k} double" for k in COUNTS) + ")")
    con.execute(
        "insert into reference.deso_cni values ('X', " + ", ".join(str(v / LISTED) for v in COUNTS.values()) + ")"
    )
    with open(SEEDS_DIR / "cni_weights.csv", encoding="utf-8") as f:
        weights = [(r["cni_property"], float(r["weight"])) for r in csv.DictReader(f)]
    con.execute("create table reference.cni_weights (cni_property varchar, weight double)")
    con.executemany("insert into reference.cni_weights values (?, ?)", weights)
    con.close()
    return warehouse


def _tables(warehouse, schema: str) -> set[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select table_name from information_schema.tables where table_schema = ?", [schema])
        return {name for (name,) in rows.fetchall()}
    finally:
        con.close()


def test_cni_reproduces_scb_example(tmp_path):
    warehouse = _warehouse_of_one_area(tmp_path)
    # kept in the warehouse for the test to read (a run keeps its intermediate tables in memory)
    run_dbt(warehouse, "run", "--select", "int_deso_cni_scores", "--vars", "{keep_run_models: true}")

    con = duckdb.connect(str(warehouse), read_only=True)
    score = con.execute("select cni_score from intermediate.int_deso_cni_scores where deso = 'X'").fetchone()[0]
    mean_score = con.execute("select cni_score from intermediate.int_deso_cni_scores where deso is null").fetchone()[0]
    con.close()
    reference = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]["cni_national_reference"]

    index = score * LISTED  # every listed person lives in X: Σ over persons of the area score
    assert index == pytest.approx(22709.42, abs=0.01)
    assert round(index / LISTED / reference, 4) == 1.5513
    assert mean_score == pytest.approx(score)  # one area: its shares are the table's mean


def test_a_run_keeps_its_intermediate_tables_in_memory_and_drops_copies_left_in_the_warehouse(tmp_path):
    """dbt_project.yml: the intermediate tables a run rebuilds live in its in-memory database;
    kept on request (keep_run_models), the next plain run drops the copy, so the warehouse
    never holds a table of some earlier run's months."""
    warehouse = _warehouse_of_one_area(tmp_path)
    run_dbt(warehouse, "run", "--select", "int_deso_cni_scores", "--vars", "{keep_run_models: true}")
    assert "int_deso_cni_scores" in _tables(warehouse, "intermediate")
    run_dbt(warehouse, "run", "--select", "int_deso_cni_scores")
    assert "int_deso_cni_scores" not in _tables(warehouse, "intermediate")
