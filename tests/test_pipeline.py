"""The whole monthly load on the real stack, through the command line: `baspaket demo` on a
tiny synthetic region (3 centres, 600 persons, 3 months), then what it left behind."""

import re
import zipfile

import pytest

from baspaket.contract.schemas import EXPORTS
from baspaket.synthetic.messiness import ErrorRates

INDICATOR_COLUMNS = [
    ("centre_id", "VARCHAR"),
    ("period", "VARCHAR"),
    ("indicator", "VARCHAR"),
    ("numerator", "DOUBLE"),
    ("denominator", "DOUBLE"),
    ("value", "DOUBLE"),
]


def test_demo_succeeds_and_prints_a_summary(demo_run):
    assert demo_run.exit_code == 0, demo_run.stdout
    out = demo_run.stdout
    assert "Months loaded: 2025-01, 2025-02, 2025-03" in out
    assert re.search(r"Rows read [\d ]+, loaded [\d ]+, rejected [\d ]+", out)
    assert re.search(r"Checks: \d+ passed, 0 warned, 0 failed", out)  # an ordinary month does not warn
    assert str(demo_run.output) in out.replace("\n", "")


def test_indicator_values_has_the_contract_columns_and_every_centre(demo_run, warehouse_reader):
    columns = warehouse_reader.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'marts' and table_name = 'indicator_values' order by ordinal_position"
    ).fetchall()
    assert columns == INDICATOR_COLUMNS
    centres = {r[0] for r in warehouse_reader.execute("select hsa_id from reference.centres").fetchall()}
    rows = warehouse_reader.execute(
        "select period, indicator, count(distinct centre_id), count(*) from marts.indicator_values group by all"
    ).fetchall()
    required = {"listed", "active_choice_share", "cni", "contacts", "patients_seen", "home_visits"}
    for month in demo_run.months:
        found = {ind for period, ind, n_centres, n in rows if period == month and n_centres == len(centres) + 1 == n}
        assert required <= found, month


def test_the_warehouse_keeps_only_the_intermediate_models_kept_by_month(warehouse_reader):
    """The intermediate tables a run rebuilds for its months live in that run's memory
    (dbt_project.yml); the warehouse file holds the two the months keep and the view."""
    intermediate = {
        name
        for (name,) in warehouse_reader.execute(
            "select table_name from information_schema.tables where table_schema = 'intermediate'"
        ).fetchall()
    }
    assert intermediate == {"int_person_diagnoses", "int_diagnosed_contacts", "int_contacts_classified"}


def test_region_is_computed_over_all_centres_rows(warehouse_reader):
    listed = dict(
        warehouse_reader.execute(
            "select centre_id = 'REGION', sum(numerator) from marts.indicator_values "
            "where indicator = 'listed' and period = '2025-03' group by 1"
        ).fetchall()
    )
    assert listed[True] == listed[False] > 500
    share = warehouse_reader.execute(
        "select numerator, denominator, value from marts.indicator_values "
        "where indicator = 'active_choice_share' and period = '2025-03' and centre_id = 'REGION'"
    ).fetchone()
    assert share[2] == pytest.approx(share[0] / share[1])


def test_every_file_and_month_read_equals_loaded_plus_rejected(demo_run, warehouse_reader):
    rows = warehouse_reader.execute(
        "select month, file, rows_read, rows_loaded, rows_rejected from audit.file_loads where status = 'loaded'"
    ).fetchall()
    assert {(m, f) for m, f, *_ in rows} == {(m, s.file) for m in demo_run.months for s in EXPORTS}
    for month, file, read, loaded, rejected in rows:
        assert read == loaded + rejected, (month, file)
        kept = warehouse_reader.execute(
            "select count(*) from audit.rejects where month = ? and file = ?", [month, file]
        ).fetchone()[0]
        assert kept == rejected


def test_quality_results_are_stored_per_centre_and_month(demo_run, warehouse_reader):
    rows = warehouse_reader.execute(
        "select month, count(distinct centre_id) from audit.quality_results "
        "where suite = 'registration_quality' group by month"
    ).fetchall()
    assert {m for m, _ in rows} == set(demo_run.months)
    assert all(n == 4 for _, n in rows)  # 3 centres + REGION
    structure = warehouse_reader.execute(
        "select count(*) filter (where not success) from audit.quality_results where suite like 'structure_%'"
    ).fetchone()
    assert structure == (0,)


def test_data_docs_show_every_suite_of_every_month(demo_run):
    """The site is written once per step (GxRunner.publish_docs), with a page per validation
    and an index that links them all."""
    from baspaket.contract.schemas import EXPORTS
    from baspaket.quality.checks import structure_suite_name
    from baspaket.quality.validation import REGISTRATION_SUITE

    [site] = (demo_run.output / "data_docs").rglob("data_docs/local_site")
    suites = [structure_suite_name(spec) for spec in EXPORTS]
    suites += [f"{REGISTRATION_SUITE}_{frame}" for frame in ("contacts", "codes")]
    index = (site / "index.html").read_text(encoding="utf-8")
    for suite in suites:
        # A page per validation, warehouse_frames-<month>_<frame>.html, in a folder per run: a
        # month loaded again (test_orchestration) adds its own.
        pages = sorted(p.name for p in (site / "validations" / suite).rglob("*.html"))
        assert sorted({p.removeprefix("warehouse_frames-")[:7] for p in pages}) == demo_run.months, (suite, pages)
        assert (site / "expectations" / f"{suite}.html").exists()
        for page in pages:
            assert page in index


def test_registration_suite_finds_injected_errors_at_the_injected_rate(warehouse_reader):
    rates = ErrorRates()
    found = dict(
        warehouse_reader.execute(
            "select check_name, unexpected_count || '/' || element_count from audit.quality_results "
            "where suite = 'registration_quality' and centre_id = 'REGION' and month = '2025-01'"
        ).fetchall()
    )
    for check, rate in (
        ("reg_doctor_contacts_without_diagnosis", rates.doctor_contact_without_diagnosis),
        ("reg_contacts_without_staff_id", rates.contact_without_staff_id),
        ("reg_guarantee_without_seek_date", rates.guarantee_without_seek_date),
    ):
        unexpected, total = map(int, found[check].split("/"))
        # The generator injects exactly round(rate * n); a late registration from the next month
        # may add one or two contacts to the month's n.
        assert abs(unexpected - rate * total) <= 2, (check, unexpected, total)


def _input_personnummer(landing) -> set[str]:
    found = set()
    for path in landing.rglob("*.csv"):
        found |= set(re.findall(r"(?<!\d)\d{8}-?\d{4}(?!\d)", path.read_bytes().decode("utf-8", "ignore")))
    return {p.replace("-", "") for p in found}


def test_no_personnummer_in_clear_text_anywhere(demo_run, warehouse_reader):
    pnrs = _input_personnummer(demo_run.landing)
    assert len(pnrs) > 500
    short = {p[2:] for p in pnrs}  # the 10-digit form YYMMDDNNNN
    # Every run of 10 or 12 digits, with or without the hyphen before the last four.
    digit_runs = re.compile(r"(?<![0-9])((?:[0-9]{2})?[0-9]{6})-?([0-9]{4})(?![0-9])")

    def leaks(text: str) -> list[str]:
        return [m.group(0) for m in digit_runs.finditer(text) if (m.group(1) + m.group(2)) in pnrs | short]

    sample = sorted(pnrs)[0]  # the scan finds a personnummer in each of its forms
    for form in (sample, f"{sample[:8]}-{sample[8:]}", sample[2:], f"{sample[2:8]}-{sample[8:]}"):
        assert leaks(f"x;{form};y"), form

    tables = warehouse_reader.execute(
        "select table_schema, table_name, column_name from information_schema.columns where data_type = 'VARCHAR'"
    ).fetchall()
    for schema, table, column in tables:
        values = warehouse_reader.execute(f'select distinct "{column}" from "{schema}"."{table}"').fetchall()
        assert not [v for (v,) in values if v and leaks(v)], f"{schema}.{table}.{column}"
    # Every file the load wrote (reports, Data Docs, load logs) and Dagster's run storage.
    for path in list(demo_run.output.rglob("*")) + list((demo_run.root / "dagster_home").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".xlsx":
                with zipfile.ZipFile(path) as z:
                    data = b" ".join(z.read(n) for n in z.namelist())
            assert not leaks(data.decode("utf-8", "ignore")), path
