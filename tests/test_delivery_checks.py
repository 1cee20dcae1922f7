"""Is the delivery complete? A month whose files are well-formed but incomplete: one centre's
contacts cut by half (`baspaket synth --incomplete`), and a telephony file that lost its last
ten days (cut here, as a source system's export would). Both are flagged with the file and the
centre named, the month is built all the same and marked provisional, and the same month
delivered again in full clears every flag. The band arithmetic itself has hand-computed dbt unit
tests (models/audit/_audit__models.yml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from baspaket.cli import main
from tests.conftest import TEST_KEY, environment

MONTHS = "2025-01:2025-04"
MONTH = "2025-04"
HALVED = "SE2321000214-E02"
HALVED_NAME = "Hälsocentralen Lugnvik"
SYNTH = ["--persons", "6000", "--centres", "6", "--months", MONTHS, "--seed", "5"]


def cut_telephony_from_day(folder: Path, first_missing_day: int) -> int:
    """Drop the calls of telefoni.csv from `first_missing_day` of the month on, keeping the
    file's encoding; returns the calls dropped."""
    path = folder / "telefoni.csv"
    raw = path.read_bytes()
    try:
        encoding, text = "utf-8-sig", raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding, text = "cp1252", raw.decode("cp1252")
    header, *rows = text.splitlines()
    at = header.split(";").index("Inkommande")
    kept = [r for r in rows if int(r.split(";")[at][8:10]) < first_missing_day]
    path.write_bytes(("\n".join([header, *kept]) + "\n").encode(encoding))
    return len(rows) - len(kept)


@pytest.fixture(scope="module")
def incomplete_then_redelivered(tmp_path_factory):
    root = tmp_path_factory.mktemp("delivery")
    landing, complete = root / "landing", root / "complete"
    load = ["--warehouse", str(root / "w.duckdb"), "--output", str(root / "output")]
    env = {
        "DAGSTER_HOME": str(root / "dagster_home"),
        "BASPAKET_PSEUDONYM_KEY": TEST_KEY,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    runner = CliRunner()
    with environment(env):
        made = runner.invoke(
            main,
            ["synth", str(landing), *SYNTH, "--incomplete", f"{HALVED}:vardkontakter.csv:0.5"],
            catch_exceptions=False,
        )
        assert made.exit_code == 0, made.output
        assert runner.invoke(main, ["synth", str(complete), *SYNTH], catch_exceptions=False).exit_code == 0
        dropped = cut_telephony_from_day(landing / MONTH, 21)  # 21-30 April: the last ten days
        assert dropped > 0
        first = runner.invoke(main, ["load", str(landing), *load], catch_exceptions=False)
        con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
        flagged = con.execute(
            "select month, file, centre_id, measure from audit.delivery_checks where status = 'flagged' order by all"
        ).fetchall()
        grades = dict(con.execute("select month, grade from audit.delivery_grades where file = 'ALL'").fetchall())
        con.close()
        first_page = (root / "output" / MONTH / f"baspaket_{HALVED}_{MONTH}.html").read_text(encoding="utf-8")
        other_pages = [
            page.read_text(encoding="utf-8")
            for page in (root / "output" / MONTH).glob("baspaket_*.html")
            if HALVED not in page.name
        ]
        board = (root / "output" / MONTH / f"board_access_{MONTH}.html").read_text(encoding="utf-8")

        shutil.rmtree(landing / MONTH)
        shutil.copytree(complete / MONTH, landing / MONTH)
        again = runner.invoke(main, ["load", str(landing), "--months", MONTH, *load], catch_exceptions=False)
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    yield {
        "first": first,
        "flagged": flagged,
        "grades": grades,
        "first_page": first_page,
        "other_pages": other_pages,
        "board": board,
        "again": again,
        "con": con,
        "root": root,
    }
    con.close()


def test_the_incomplete_month_is_built_and_flagged_with_file_and_centre(incomplete_then_redelivered):
    run = incomplete_then_redelivered
    assert run["first"].exit_code == 0, run["first"].output
    flagged = run["flagged"]
    assert {(m, f) for m, f, _, _ in flagged} == {(MONTH, "vardkontakter.csv"), (MONTH, "telefoni.csv")}
    contacts = {(c, m) for _, f, c, m in flagged if f == "vardkontakter.csv"}
    assert contacts == {(HALVED, "contacts")}  # only the halved centre, on its count
    assert (MONTH, "telefoni.csv", "REGION", "calls_longest_gap") in flagged
    assert run["grades"][MONTH] == "D"  # a file as a whole (the region's telephony)


def test_the_summary_names_file_centre_and_expected_range(incomplete_then_redelivered):
    output = " ".join(incomplete_then_redelivered["first"].output.split())
    assert f"{MONTH} vardkontakter.csv: {HALVED_NAME} has " in output
    assert "contacts, expected " in output
    assert f"{MONTH} telefoni.csv: the region has " in output
    assert "working days in a row without calls, expected 0–2" in output
    assert f"{MONTH} D" in output  # the grade
    assert "warned audit/delivery_checks:assert_delivery_complete" in output  # a WARN check in Dagster


def test_an_ordinary_month_is_not_flagged(incomplete_then_redelivered):
    run = incomplete_then_redelivered
    ordinary = [m for m in run["grades"] if m != MONTH]
    assert ordinary and all(run["grades"][m] == "A" for m in ordinary)
    assert not [row for row in run["flagged"] if row[0] != MONTH]


def test_the_reports_say_the_figures_are_provisional(incomplete_then_redelivered):
    run = incomplete_then_redelivered
    assert '<p class="notice"' in run["first_page"]
    assert f"vardkontakter.csv: {HALVED_NAME} har " in run["first_page"]
    assert "telefoni.csv: regionen som helhet har " in run["first_page"]
    # the month's grade, which the report workers read once for all their centres
    graded = f"(leveransens betyg {run['grades'][MONTH]})"
    assert graded in run["first_page"]
    # The region's flag is on every centre's page, the halved centre's on its own only.
    assert run["other_pages"]
    for page in run["other_pages"]:
        assert "telefoni.csv: regionen som helhet har " in page
        assert graded in page
        assert HALVED_NAME not in page
    assert f"{HALVED_NAME} (preliminär)" in run["board"]
    assert "Preliminära siffror" in run["board"]


def test_a_full_redelivery_clears_the_flags(incomplete_then_redelivered):
    run = incomplete_then_redelivered
    assert run["again"].exit_code == 0, run["again"].output
    con = run["con"]
    assert con.execute("select count(*) from audit.delivery_checks where status = 'flagged'").fetchone()[0] == 0
    assert (
        con.execute("select grade from audit.delivery_grades where file = 'ALL' and month = ?", [MONTH]).fetchone()[0]
        == "A"
    )
    checked = con.execute(
        "select count(*) from audit.delivery_checks where month = ? and status = 'ok'", [MONTH]
    ).fetchone()[0]
    assert checked > 20  # the checks ran; they found nothing
    page = (run["root"] / "output" / MONTH / f"baspaket_{HALVED}_{MONTH}.html").read_text(encoding="utf-8")
    assert '<p class="notice"' not in page
    assert "look incomplete" not in run["again"].output


def test_dbt_leaves_the_warehouse_reference_files_as_they_were(incomplete_then_redelivered):
    """An absolute seed path makes dbt write each seed's SQL over the seed file itself
    (dbt-core issue 7373); after two loads the canonical copies are still CSV."""
    reference = incomplete_then_redelivered["root"] / "w_reference"
    assert (reference / "centres.csv").read_text(encoding="utf-8").startswith("hsa_id,")
    assert (reference / "delivery_rules.csv").read_text(encoding="utf-8").startswith("measure,")


def test_incomplete_is_checked_when_the_command_line_is_read(tmp_path):
    result = CliRunner().invoke(main, ["synth", str(tmp_path), "--incomplete", f"{HALVED}:vardkontakter.csv:1.5"])
    assert result.exit_code == 2
    assert "must be a number above 0 and at most 1" in result.output
    result = CliRunner().invoke(
        main, ["synth", str(tmp_path), "--months", "2025-01", "--incomplete", "SE2321000214-E77:telefoni.csv:0.5"]
    )
    assert result.exit_code != 0
    assert "SE2321000214-E77" in result.output and "not in the region" in result.output
