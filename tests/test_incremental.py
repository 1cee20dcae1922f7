"""The incremental staging models, and the diagnoses kept from them, give what a full build gives.

`stg_export__contacts` and `stg_export__codes` keep the latest delivery of each KontaktID, and
`stg_export__calls` of each SamtalID; a run looks again only at the contacts and calls its
months touch (macros/run_months.sql);
`int_person_diagnoses` and `int_diagnosed_contacts` keep each contact's diagnosis groups and
ICD-10 categories and work out again only the contacts staging wrote or dropped in the run. Here a real warehouse gets two months, then
February delivered again twice: first with one contact gone and one of January's contacts
(with a diagnosis in a group) delivered again with a change and a diagnosis in no group, then
without that contact again, so that it falls back to January and its group (in a run that
stops after staging, and the next run); a call goes and comes back the same way; last, the
seed's diagnosis groups change. After each run the five tables must equal a `--full-refresh`
build of the same raw rows.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from baspaket.ingest.delivery import Delivery
from baspaket.ingest.loader import load_month
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.settings import PROJECT_ROOT
from baspaket.synthetic.generator import SynthConfig, generate
from baspaket.warehouse import connect
from tests.conftest import TEST_KEY, run_dbt

MODELS = (
    "stg_export__contacts",
    "stg_export__codes",
    "stg_export__calls",
    "int_person_diagnoses",
    "int_diagnosed_contacts",
)
SCHEMAS = {
    "stg_export__contacts": "staging",
    "stg_export__codes": "staging",
    "stg_export__calls": "staging",
    "int_person_diagnoses": "intermediate",
    "int_diagnosed_contacts": "intermediate",
}
# when the run that wrote a row started (macros/run_months.sql): not the same in two builds
RUN_STAMPS = {
    "stg_export__contacts": "staged_at",
    "stg_export__codes": "staged_at",
    "int_person_diagnoses": "grouped_at",
    "int_diagnosed_contacts": "grouped_at",
}
CONTACTS, CODES, CALLS = "vardkontakter.csv", "diagnoser_atgarder.csv", "telefoni.csv"
NO_GROUP = "Z00.0"  # a general examination: in none of the seed's diagnosis groups


def build(warehouse: Path, first: str, last: str, *extra: str, models: tuple[str, ...] = MODELS) -> None:
    run_dbt(
        warehouse,
        "run",
        "--select",
        *models,
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
                    (select {columns} from {table} except all select {columns} from full_build.{table})
                    union all
                    (select {columns} from full_build.{table} except all select {columns} from {table}))""").fetchone()[
                0
            ]
            for model in MODELS
            for table in [f"{SCHEMAS[model]}.{model}"]
            for columns in [f"* exclude ({RUN_STAMPS[model]})" if model in RUN_STAMPS else "*"]
        }
    finally:
        con.close()


def staged(warehouse: Path, sql: str, key: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, [key]).fetchall()
    finally:
        con.close()


def rows_of(warehouse: Path, contact_id: str) -> list[tuple]:
    sql = "select delivery_month, contact_type from staging.stg_export__contacts where contact_id = ?"
    return staged(warehouse, sql, contact_id)


def kept_of(warehouse: Path, table: str, column: str, contact_id: str) -> list[str]:
    """The values of `column` the kept table intermediate.`table` holds for a contact, sorted."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute(
            f"select {column} from intermediate.{table} where contact_id = ? order by 1", [contact_id]
        ).fetchall()
        return [value for (value,) in rows]
    finally:
        con.close()


def outcomes_of(warehouse: Path, call_id: str) -> list[tuple]:
    return staged(warehouse, "select delivery_month, outcome from staging.stg_export__calls where call_id = ?", call_id)


def groups_of(warehouse: Path, contact_id: str) -> list[str]:
    return kept_of(warehouse, "int_person_diagnoses", "diagnosis_group", contact_id)


def categories_of(warehouse: Path, contact_id: str) -> list[str]:
    return kept_of(warehouse, "int_diagnosed_contacts", "category", contact_id)


def group_prefixes() -> tuple[str, ...]:
    with (PROJECT_ROOT / "seeds" / "icd10_groups.csv").open(encoding="utf-8") as seed:
        return tuple(row["code_prefix"] for row in csv.DictReader(seed))


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
    run_dbt(warehouse, "seed", "--select", "icd10_groups")
    build(warehouse, "2025-01", "2025-02")
    return root, warehouse


def test_a_month_delivered_again_gives_what_a_full_build_gives(region):
    root, warehouse = region
    february = root / "landing" / "2025-02"
    contacts, codes = lines(february / CONTACTS), lines(february / CODES)
    header, first, *rest = contacts
    dropped = first.split(";")[0]  # delivered only in February, now withdrawn
    # a January contact with a diagnosis in a group, delivered again in February changed
    grouped = {
        c.split(";")[0]
        for c in lines(root / "landing" / "2025-01" / CODES)
        if c.split(";")[2].startswith(group_prefixes())
    }
    january_line = next(c for c in lines(root / "landing" / "2025-01" / CONTACTS)[1:] if c.split(";")[0] in grouped)
    moved = january_line.split(";")[0]
    changed = january_line.replace(";Besök;", ";Video;") if ";Besök;" in january_line else january_line
    january_groups, january_categories = groups_of(warehouse, moved), categories_of(warehouse, moved)
    assert rows_of(warehouse, dropped) and rows_of(warehouse, moved) == [("2025-01", january_line.split(";")[5])]
    assert january_groups and january_categories and not NO_GROUP.startswith(group_prefixes())

    # calls the same way: one of February's withdrawn, one of January's delivered again changed
    call_header, first_call, *other_calls = lines(february / CALLS)
    dropped_call = first_call.split(";")[0]
    january_call = lines(root / "landing" / "2025-01" / CALLS)[1]
    moved_call, january_outcome = january_call.split(";")[0], january_call.split(";")[3]
    changed_call = january_call.replace(
        f";{january_outcome};", ";AVBRUTET;" if january_outcome != "AVBRUTET" else ";BESVARAT;"
    )
    assert outcomes_of(warehouse, dropped_call) and outcomes_of(warehouse, moved_call) == [("2025-01", january_outcome)]

    again = root / "again" / "2025-02"
    shutil.copytree(february, again)
    write(again / CONTACTS, [header, *rest, changed], like=february / CONTACTS)
    write(again / CALLS, [call_header, *other_calls, changed_call], like=february / CALLS)
    kept_codes = [c for c in codes if not c.startswith(dropped + ";")]
    write(again / CODES, [*kept_codes, f"{moved};DIA;{NO_GROUP};1"], like=february / CODES)
    load(warehouse, "2025-02", again)
    build(warehouse, "2025-02", "2025-02")
    assert rows_of(warehouse, dropped) == [] and groups_of(warehouse, dropped) == []
    assert categories_of(warehouse, dropped) == []
    assert rows_of(warehouse, moved) == [("2025-02", changed.split(";")[5])]
    assert groups_of(warehouse, moved) == [] and categories_of(warehouse, moved) == [NO_GROUP[:3]]
    assert outcomes_of(warehouse, dropped_call) == []
    assert outcomes_of(warehouse, moved_call) == [("2025-02", changed_call.split(";")[3])]
    assert differences_from_a_full_build(warehouse) == dict.fromkeys(MODELS, 0)

    # February again, without the January contact: it falls back to its January delivery.
    write(again / CONTACTS, [header, *rest], like=february / CONTACTS)
    write(again / CODES, kept_codes, like=february / CODES)
    write(again / CALLS, [call_header, *other_calls], like=february / CALLS)
    load(warehouse, "2025-02", again)
    # the run stops after staging, as one killed during dbt would; the next run completes
    build(warehouse, "2025-02", "2025-02", models=MODELS[:3])
    build(warehouse, "2025-02", "2025-02")
    assert rows_of(warehouse, moved) == [("2025-01", january_line.split(";")[5])]
    assert groups_of(warehouse, moved) == january_groups and categories_of(warehouse, moved) == january_categories
    assert outcomes_of(warehouse, moved_call) == [("2025-01", january_outcome)]
    assert differences_from_a_full_build(warehouse) == dict.fromkeys(MODELS, 0)

    # The seed's diagnosis groups change: every contact kept is grouped again, January's too.
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(
            "insert into reference.icd10_groups (diagnosis_group, code_prefix) values ('copd', ?)", [NO_GROUP[:3]]
        )
    finally:
        con.close()
    build(warehouse, "2025-02", "2025-02")
    assert differences_from_a_full_build(warehouse) == dict.fromkeys(MODELS, 0)
