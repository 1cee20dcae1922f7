"""Great Expectations validates counts computed in DuckDB: the counts are right, a failing check
names its counts, and the registration suite names the centres over their tolerance."""

from __future__ import annotations

import duckdb
import pytest

from baspaket.contract.schemas import EXPORTS_BY_FILE
from baspaket.quality import frames
from baspaket.quality.validation import GxRunner, validate_registration, validate_structure
from baspaket.warehouse import ensure_schemas

MONTH = "2025-03"


@pytest.fixture(scope="module")
def runner():
    return GxRunner()


@pytest.fixture
def con():
    con = duckdb.connect()
    ensure_schemas(con)
    for spec in EXPORTS_BY_FILE.values():
        con.execute(
            "INSERT INTO audit.file_loads (load_id, month, file, rows_read, rows_loaded, rows_rejected, "
            "status, loaded_at) VALUES ('L1', ?, ?, 4, 4, 0, 'loaded', now())",
            [MONTH, spec.file],
        )
    return con


def add_staff(con, centre: str, staff: str | None) -> None:
    con.execute(
        "INSERT INTO raw.bemanning (delivery_month, source_row, VardenhetHSAid, PersonalID, Yrkeskategori, "
        "Sysselsattning, Inhyrd) VALUES (?, 1, ?, ?, 'Läkare', 1.0, 'N')",
        [MONTH, centre, staff],
    )


def test_structure_counts_by_hand(con):
    add_staff(con, "E01", "P1")
    add_staff(con, "E01", "P1")  # the same key twice: one repeat
    add_staff(con, "E02", None)  # a required value missing
    add_staff(con, "E02", "P2")
    counts = frames.structure_counts(con, EXPORTS_BY_FILE["bemanning.csv"], MONTH).iloc[0]
    assert counts["rows"] == 4
    assert counts["missing:PersonalID"] == 1
    assert counts["duplicate:VardenhetHSAid+PersonalID"] == 1
    assert (counts["loads"], counts["reject_share"]) == (1, 0)


def test_a_failing_structure_check_carries_its_counts(con, runner):
    add_staff(con, "E01", "P1")
    add_staff(con, "E02", None)
    outcome = validate_structure(con, MONTH, runner)["bemanning"]
    failed = {r.check_name: r for r in outcome.results if not r.success}
    assert set(failed) >= {"not_null:PersonalID"}
    assert (failed["not_null:PersonalID"].unexpected_count, failed["not_null:PersonalID"].element_count) == (1, 2)
    assert outcome.results[0].check_name == "row_count" and outcome.results[0].observed == 2


RULES = [
    ("reg_doctor_contacts_without_diagnosis", "contacts", 0.05),
    ("reg_contacts_without_diagnosis", "contacts", 0.5),
    ("reg_invalid_codes", "codes", 0.01),
]


def add_registration_counts(con, rows) -> None:
    """The rules seed and marts.registration_check_counts as dbt leaves them (the lower limits
    are dbt's, tested in the registration_check_counts unit test)."""
    con.execute("CREATE SCHEMA IF NOT EXISTS reference")
    con.execute(
        "CREATE TABLE reference.registration_rules AS SELECT * FROM (VALUES "
        + ", ".join(f"('{r}', '{on}', 'what {r} counts', {t})" for r, on, t in RULES)
        + ") t(rule, checked_on, description, tolerated_share)"
    )
    con.execute("CREATE SCHEMA marts")
    con.execute("""CREATE TABLE marts.registration_check_counts (centre_id VARCHAR, period VARCHAR,
        checked_on VARCHAR, check_name VARCHAR, checked BIGINT, flagged BIGINT, share DOUBLE,
        share_lower_limit DOUBLE, tolerated_share DOUBLE, exceeds_tolerance BOOLEAN)""")
    for centre, check, checked, flagged, lower in rows:
        rule = next(r for r in RULES if r[0] == check)
        con.execute(
            "INSERT INTO marts.registration_check_counts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                centre,
                MONTH,
                rule[1],
                check,
                checked,
                flagged,
                flagged / checked if checked else None,
                lower,
                rule[2],
                lower > rule[2],
            ],
        )


def test_registration_suite_names_the_centre_over_its_tolerance_beyond_chance(con, runner):
    # E01: 12 of 40 doctor contacts without a diagnosis, lower limit 12 % > the 5 % tolerated.
    # E02: 1 of 2 (50 %), but its lower limit (4.5 %) is within the tolerance: chance, no warning.
    doctor = "reg_doctor_contacts_without_diagnosis"
    add_registration_counts(
        con,
        [
            ("E01", doctor, 40, 12, 0.12),
            ("E02", doctor, 2, 1, 0.045),
            ("REGION", doctor, 42, 13, 0.13),
            ("E01", "reg_contacts_without_diagnosis", 40, 0, 0.0),
            ("E02", "reg_contacts_without_diagnosis", 2, 0, 0.0),
            ("REGION", "reg_contacts_without_diagnosis", 42, 0, 0.0),
            ("E01", "reg_invalid_codes", 10, 0, 0.0),
            ("REGION", "reg_invalid_codes", 10, 0, 0.0),
        ],
    )
    region, per_centre = validate_registration(con, MONTH, runner)
    results = {r.centre_id: r for r in per_centre + region.results if r.check_name == doctor}
    assert (results["E01"].unexpected_count, results["E01"].element_count, results["E01"].success) == (12, 40, False)
    assert (results["E02"].unexpected_count, results["E02"].element_count, results["E02"].success) == (1, 2, True)
    assert (results["REGION"].unexpected_count, results["REGION"].success) == (13, False)
    assert results["REGION"].unexpected_share == pytest.approx(13 / 42)
    assert all(r.success for r in per_centre if r.check_name != doctor)
    # The tolerance is the seed's: raised above E01's limit, E01 passes.
    con.execute("UPDATE reference.registration_rules SET tolerated_share = 0.2 WHERE rule = ?", [doctor])
    region, per_centre = validate_registration(con, MONTH, GxRunner())
    assert all(r.success for r in per_centre + region.results)
