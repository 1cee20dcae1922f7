"""Great Expectations validates counts computed in DuckDB: the counts are right, a failing check
names its counts, and the registration suite names the centres over their tolerance."""

from __future__ import annotations

import duckdb
import pytest

from data_quality import frames
from data_quality.validation import GxRunner, validate_registration, validate_structure
from orchestration.ingest.schemas import EXPORTS_BY_FILE
from orchestration.warehouse import ensure_schemas

MONTH = "2025-03"


@pytest.fixture(scope="module")
def runner():
    return GxRunner()


@pytest.fixture
def con():
    con = duckdb.connect()
    ensure_schemas(con)
    for spec in EXPORTS_BY_FILE.values():
        con.execute("INSERT INTO audit.file_loads (load_id, month, file, rows_read, rows_loaded, rows_rejected, "
                    "status, loaded_at) VALUES ('L1', ?, ?, 4, 4, 0, 'loaded', now())", [MONTH, spec.file])
    return con


def add_staff(con, centre: str, staff: str | None) -> None:
    con.execute("INSERT INTO raw.bemanning (delivery_month, source_row, VardenhetHSAid, PersonalID, Yrkeskategori, "
                "Sysselsattning, Inhyrd) VALUES (?, 1, ?, ?, 'Läkare', 1.0, 'N')", [MONTH, centre, staff])


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


def test_registration_suite_names_the_centre_over_its_tolerance(con, runner):
    # marts.registration_check_counts as dbt leaves it: E01 has 1 of 2 doctor contacts without a
    # diagnosis (50 % > the 5 % tolerated), E02 none, the region 1 of 4.
    con.execute("CREATE SCHEMA marts")
    con.execute("""CREATE TABLE marts.registration_check_counts AS
        SELECT centre_id, '2025-03' AS period, checked_on, check_name, checked, flagged FROM (VALUES
            ('E01', 'reg_doctor_contacts_without_diagnosis', 2, 1), ('E02', 'reg_doctor_contacts_without_diagnosis', 2, 0),
            ('REGION', 'reg_doctor_contacts_without_diagnosis', 4, 1),
            ('E01', 'reg_contacts_without_diagnosis', 2, 0), ('E02', 'reg_contacts_without_diagnosis', 2, 0),
            ('REGION', 'reg_contacts_without_diagnosis', 4, 0),
            ('E01', 'reg_guarantee_without_seek_date', 0, 0), ('E02', 'reg_guarantee_without_seek_date', 0, 0),
            ('REGION', 'reg_guarantee_without_seek_date', 0, 0),
            ('E01', 'reg_contacts_without_staff_id', 2, 0), ('E02', 'reg_contacts_without_staff_id', 2, 0),
            ('REGION', 'reg_contacts_without_staff_id', 4, 0),
            ('E01', 'reg_invalid_personnummer', 2, 0), ('E02', 'reg_invalid_personnummer', 2, 0),
            ('REGION', 'reg_invalid_personnummer', 4, 0)) t(centre_id, check_name, checked, flagged),
            (SELECT 'contacts' AS checked_on)""")
    con.execute("""INSERT INTO marts.registration_check_counts VALUES
        ('E01', '2025-03', 'codes', 'reg_invalid_codes', 1, 0), ('E01', '2025-03', 'codes', 'reg_unknown_kva_codes', 0, 0),
        ('REGION', '2025-03', 'codes', 'reg_invalid_codes', 1, 0), ('REGION', '2025-03', 'codes', 'reg_unknown_kva_codes', 0, 0)""")
    region, per_centre = validate_registration(con, MONTH, runner)
    doctor = {r.centre_id: r for r in per_centre + region.results
              if r.check_name == "reg_doctor_contacts_without_diagnosis"}
    assert (doctor["E01"].unexpected_count, doctor["E01"].element_count, doctor["E01"].success) == (1, 2, False)
    assert (doctor["E02"].unexpected_count, doctor["E02"].success) == (0, True)
    assert (doctor["REGION"].unexpected_count, doctor["REGION"].element_count) == (1, 4)
    assert doctor["REGION"].unexpected_share == pytest.approx(0.25)


def test_the_suite_refuses_checks_the_mart_does_not_name(con, runner):
    con.execute("CREATE SCHEMA marts")
    con.execute("""CREATE TABLE marts.registration_check_counts AS SELECT 'REGION' AS centre_id,
        '2025-03' AS period, 'codes' AS checked_on, 'reg_renamed' AS check_name, 1 AS checked, 0 AS flagged""")
    with pytest.raises(RuntimeError, match="reg_renamed"):
        frames.registration_counts(con, "codes", MONTH)
