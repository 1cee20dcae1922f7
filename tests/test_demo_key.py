"""The demo's throw-away key: kept in .env for the demo's own later runs, used for synthetic
deliveries only, never for a real region's files."""

from __future__ import annotations

import os

import pytest

from baspaket.ingest.pseudonym import key_for
from baspaket.orchestration import demo_key


def test_the_real_key_wins_and_the_demo_key_serves_synthetic_deliveries_only(monkeypatch):
    monkeypatch.setenv("BASPAKET_DEMO_PSEUDONYM_KEY", "demo-key-0123456789")
    assert key_for([True, True]) != "demo-key-0123456789"  # the test's real key is set
    monkeypatch.delenv("BASPAKET_PSEUDONYM_KEY")
    assert key_for([True, True]) == "demo-key-0123456789"
    assert key_for([True, False]) is None  # one real month: no demo key for any of them
    assert key_for([]) is None


def test_the_demo_key_is_kept_in_env_beside_other_lines_and_reused():
    demo_key.ENV_FILE.write_text("OTHER_SETTING=1")  # a .env of the user's, without a newline
    first = demo_key.keep_demo_key()
    assert demo_key.keep_demo_key() == first and len(first) == 64
    text = demo_key.ENV_FILE.read_text()
    assert text.startswith("OTHER_SETTING=1\n#") and f"BASPAKET_DEMO_PSEUDONYM_KEY={first}\n" in text
    assert "BASPAKET_PSEUDONYM_KEY=" not in text  # never where a real key belongs


def test_the_command_line_reads_the_demo_key_as_dagster_dev_does(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from baspaket.cli import main

    key = demo_key.keep_demo_key()
    monkeypatch.delenv("BASPAKET_DEMO_PSEUDONYM_KEY", raising=False)
    CliRunner().invoke(main, ["board", "--month", "2025-01", "--warehouse", str(tmp_path / "none.duckdb")])
    assert os.environ.get("BASPAKET_DEMO_PSEUDONYM_KEY") == key


@pytest.mark.parametrize("synthetic", [True, False])
def test_a_load_without_a_real_key_uses_the_demo_key_only_for_synthetic_months(tmp_path, monkeypatch, synthetic):
    from click.testing import CliRunner

    from baspaket.cli import main

    monkeypatch.delenv("BASPAKET_PSEUDONYM_KEY")
    monkeypatch.setenv("BASPAKET_DEMO_PSEUDONYM_KEY", "demo-key-0123456789")
    month = tmp_path / "landing" / "2025-01"
    month.mkdir(parents=True)
    if synthetic:
        (month / "SYNTHETIC_DEMO_DATA.txt").write_text("synthetic")
    result = CliRunner().invoke(main, ["load", str(tmp_path / "landing"), "--warehouse", str(tmp_path / "w.duckdb")])
    # Past the key check a synthetic month is refused for its missing files; a real one stops at the key.
    assert ("BASPAKET_PSEUDONYM_KEY is not set" in result.output) != synthetic, result.output
