"""Mistakes on the command line: one or two lines that say what is wrong and what to do, exit
code 2, never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from baspaket.cli import main


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize(
    "months,says",
    [
        ("2025-13:2025-14", "not a month YYYY-MM: '2025-13'"),
        ("2025-12:2025-01", "ends before it starts"),
        ("2025-1", "not a month YYYY-MM: '2025-1'"),
    ],
)
def test_a_bad_month_range_is_a_usage_error(tmp_path, months, says):
    (tmp_path / "2025-01").mkdir()
    result = run("load", str(tmp_path), "--months", months)
    assert result.exit_code == 2
    assert says in result.output


def test_a_landing_folder_that_does_not_exist_is_named(tmp_path):
    result = run("load", str(tmp_path / "nonexistent"))
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert len(result.output.strip().splitlines()) <= 2


def test_a_range_with_no_delivered_month_says_what_the_folder_holds(tmp_path):
    for month in ("2025-01", "2025-02"):
        (tmp_path / month).mkdir()
    result = run("load", str(tmp_path), "--months", "2024-01:2024-03")
    assert result.exit_code == 2
    assert "It holds 2025-01 … 2025-02 (2 months)" in " ".join(result.output.split())


def test_one_month_is_wanted_where_a_month_is_asked(tmp_path):
    result = run("board", "--month", "2025-01:2025-03", "--warehouse", str(tmp_path / "w.duckdb"))
    assert result.exit_code == 2
    assert "give one month" in result.output


def test_unknown_centre_and_unbuilt_month(demo_run):
    result = run(
        "baspaket",
        "SE0000000000-X99",
        "--month",
        demo_run.months[-1],
        "--warehouse",
        str(demo_run.warehouse),
        "--output",
        str(demo_run.root / "cli_out"),
    )
    assert result.exit_code == 2
    assert "SE0000000000-X99 is not a centre" in result.output
    result = run("board", "--month", "2019-01", "--warehouse", str(demo_run.warehouse))
    assert result.exit_code == 2
    assert "2019-01 is not built" in " ".join(result.output.split())
    result = run("board", "--month", "2025-01", "--warehouse", str(demo_run.root / "none.duckdb"))
    assert result.exit_code == 2
    assert "No warehouse at" in " ".join(result.output.split())


def test_help_shows_whole_sentences():
    result = run("--help")
    for summary in (
        "Load the months delivered in a landing folder.",
        "Write one centre's baspaket for one month.",
        "Make a synthetic region, load it, write every output.",
    ):
        assert summary in result.output
