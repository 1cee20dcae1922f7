"""The incremental staging models give what a full build gives.

`stg_export__contacts` and `stg_export__codes` keep the latest delivery of each KontaktID, and a
run looks again only at the contacts its months touch (macros/run_months.sql). Here a real
warehouse gets two months, then February delivered again twice: first with one contact gone
and one of January's contacts delivered again with a change, then without that contact
again. After each run the two tables must equal a `--full-refresh` build of the same raw rows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from baspaket.ingest.delivery import Delivery
from baspaket.ingest.loader import load_month
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.synthetic.generator import SynthConfig, generate
from baspaket.warehouse import connect
from tests.conftest import TEST_KEY, run_dbt

MODELS = ("stg_export__contacts", "stg_export__codes")
CONTACTS, CODES = "vardkontakter.csv", "diagnoser_atgarder.csv"


def build(warehouse: Path, first: str, last: str, *extra: str) -> None:
    run_dbt(
        warehouse,
        "run",
        "--select",
        *MODELS,
        "--vars",
        f'{{"period_start": "{first}", "period_end": "{last}"}}',
        *extra,
    )


def load(warehouse: Path, month: str, folder: Path) -> None:
    con = connect(warehouse)
    try:
        load_month(con, Delivery(month, folder), Pseudonymiser(TEST_KEY))
    finally:
        con.close()


def differences_from_a_full_build(warehouse: Path) -> dict[str, int]:
    """Rows that differ, either way, between each model and a full build of a copy."""
    copy = warehouse.with_name("full.duckdb")
    shutil.copy(warehouse, copy)
    build(copy, "2025-02", "2025-02", "--full-refresh")
    con = duckdb.connect(str(warehouse), read_only=True)
    con.execute(f"attach '{copy}' as full_build (read_only)")
    try:
        return {
            model: con.execute(f"""select count(*) from (
                    (select * from staging.{model} except all select * from full_build.staging.{model})
                    union all
                    (select * from full_build.staging.{model} except all select * from staging.{model}))""").fetchone()[
                0
            ]
            for model in MODELS
        }
    finally:
        con.close()


def rows_of(warehouse: Path, contact_id: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "select delivery_month, contact_type from staging.stg_export__contacts where contact_id = ?", [contact_id]
        ).fetchall()
    finally:
        con.close()


def encoding_of(path: Path) -> str:
    try:
        path.read_bytes().decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"  # a region's export may come in either (exports.md)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding=encoding_of(path)).splitlines()


def write(path: Path, rows: list[str], like: Path) -> None:
    path.write_text("\n".join(rows) + "\n", encoding=encoding_of(like))


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    generate(root / "landing", SynthConfig(persons=300, centres=2, first_month="2025-01", last_month="2025-02", seed=3))
    warehouse = root / "w.duckdb"
    for month in ("2025-01", "2025-02"):
        load(warehouse, month, root / "landing" / month)
    build(warehouse, "2025-01", "2025-02")
    return root, warehouse


def test_a_month_delivered_again_gives_what_a_full_build_gives(region):
    root, warehouse = region
    february = root / "landing" / "2025-02"
    contacts, codes = lines(february / CONTACTS), lines(february / CODES)
    header, first, *rest = contacts
    dropped = first.split(";")[0]  # delivered only in February, now withdrawn
    january_line = lines(root / "landing" / "2025-01" / CONTACTS)[1]
    moved = january_line.split(";")[0]  # a January contact, delivered again in February changed
    changed = january_line.replace(";Besök;", ";Video;") if ";Besök;" in january_line else january_line
    assert rows_of(warehouse, dropped) and rows_of(warehouse, moved) == [("2025-01", january_line.split(";")[5])]

    again = root / "again" / "2025-02"
    shutil.copytree(february, again)
    write(again / CONTACTS, [header, *rest, changed], like=february / CONTACTS)
    write(again / CODES, [c for c in codes if not c.startswith(dropped + ";")], like=february / CODES)
    load(warehouse, "2025-02", again)
    build(warehouse, "2025-02", "2025-02")
    assert rows_of(warehouse, dropped) == []
    assert rows_of(warehouse, moved) == [("2025-02", changed.split(";")[5])]
    assert differences_from_a_full_build(warehouse) == dict.fromkeys(MODELS, 0)

    # February again, without the January contact: it falls back to its January delivery.
    write(again / CONTACTS, [header, *rest], like=february / CONTACTS)
    load(warehouse, "2025-02", again)
    build(warehouse, "2025-02", "2025-02")
    assert rows_of(warehouse, moved) == [("2025-01", january_line.split(";")[5])]
    assert differences_from_a_full_build(warehouse) == dict.fromkeys(MODELS, 0)
