"""Faults: a load killed mid-way, two loads at once, a load without the pseudonym key.

The kills are real: `baspaket load` runs as its own process group and gets SIGKILL while it
holds the writer lock (ingest) or while its dbt subprocess runs."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from baspaket.cli import main
from baspaket.synthetic.generator import SynthConfig, generate
from baspaket.warehouse import writer_lock
from tests.conftest import TEST_KEY

BASPAKET = str(Path(sys.executable).with_name("baspaket"))


def start_load(root: Path, landing: Path, months: str, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            BASPAKET,
            "load",
            str(landing),
            "--months",
            months,
            "--warehouse",
            str(root / "w.duckdb"),
            "--output",
            str(root / "out"),
        ],
        env={
            **os.environ,
            "BASPAKET_PSEUDONYM_KEY": TEST_KEY,
            "DAGSTER_HOME": str(root / "dh"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def wait_for(load: subprocess.Popen, condition, timeout: float = 120) -> None:
    """Until `condition` holds while `load` runs; a load that ends or takes longer fails the test
    with what it printed (a load that stopped early once looked like a load that hung)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if load.poll() is not None or time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):  # a group already gone
                os.killpg(load.pid, signal.SIGKILL)
            output, _ = load.communicate()
            raise AssertionError(f"the load ended ({load.returncode}) or took over {timeout:g} s:\n{output[-4000:]}")
        time.sleep(0.05)


def children_running(pid: int, *args: str) -> bool:
    """Is a process of `pid`'s group running with these command-line arguments (`dbt build`)?"""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                argv = (proc / "cmdline").read_bytes().decode(errors="ignore").split("\0")
                if (
                    os.getpgid(int(proc.name)) == pid
                    and any(a.endswith(args[0]) for a in argv)
                    and all(a in argv for a in args[1:])
                ):
                    return True
            except (ProcessLookupError, PermissionError, FileNotFoundError):
                continue
    return False


def consistent(warehouse: Path) -> dict:
    """The warehouse opens, and each month's raw rows are those of its latest successful load."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        loads = con.execute(
            "select month, file, rows_loaded from audit.file_loads where status = 'loaded' "
            "qualify row_number() over (partition by month, file order by loaded_at desc) = 1"
        ).fetchall()
        for month, file, loaded in loads:
            n = con.execute(
                f"select count(*) from raw.{file.removesuffix('.csv')} where delivery_month = ?", [month]
            ).fetchone()[0]
            assert n == loaded, (month, file)
        marts = {
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        duplicates = 0
        if "indicator_values" in marts:
            duplicates = con.execute(
                "select count(*) - count(distinct (centre_id, period, indicator)) from marts.indicator_values"
            ).fetchone()[0]
        return {
            "loads": len(loads),
            "marts": marts,
            "duplicates": duplicates,
            "raw_contacts": con.execute("select count(*) from raw.vardkontakter").fetchone()[0],
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_months(tmp_path_factory) -> Path:
    """Two months of a small synthetic region, made once for the module. The faults need
    deliveries to load, not the session's demo warehouse: the files that read the demo share
    one worker (tests/conftest.py), and these tests, the slowest of the suite, run on the other."""
    root = tmp_path_factory.mktemp("fault_deliveries")
    generate(root, SynthConfig(persons=600, centres=3, first_month="2025-01", last_month="2025-02", seed=1))
    return root


@pytest.fixture
def landing(two_months, tmp_path) -> Path:
    folder = tmp_path / "landing"
    for month in ("2025-01", "2025-02"):
        shutil.copytree(two_months / month, folder / month)
    return folder


def delivered_contacts(landing: Path, month: str) -> int:
    return len((landing / month / "vardkontakter.csv").read_text(encoding="utf-8").splitlines()) - 1


def test_killed_during_ingest_then_during_dbt_and_the_next_run_completes(landing, tmp_path):
    import dagster as dg

    from baspaket.orchestration.runner import run_months
    from baspaket.settings import Settings

    # 1. Killed while the ingest step holds the writer lock: what was committed is whole.
    load = start_load(tmp_path, landing, "2025-01")
    lock = tmp_path / "w.duckdb.lock"
    wait_for(load, lambda: lock.exists() and "pid" in lock.read_text())
    time.sleep(0.5)
    os.killpg(load.pid, signal.SIGKILL)
    load.wait()
    state = consistent(tmp_path / "w.duckdb")
    assert "indicator_values" not in state["marts"]

    # 2. Started again and killed while dbt builds: the warehouse still opens and adds up.
    load = start_load(tmp_path, landing, "2025-01")
    wait_for(load, lambda: children_running(load.pid, "dbt", "build"))
    time.sleep(1.0)
    os.killpg(load.pid, signal.SIGKILL)
    load.wait()
    consistent(tmp_path / "w.duckdb")

    # 3. The next run completes the month, with nothing doubled.
    settings = Settings.resolve(warehouse=tmp_path / "w.duckdb", landing=landing, output=tmp_path / "out")
    [outcome] = run_months(["2025-01"], settings, instance=dg.DagsterInstance.ephemeral())
    assert outcome.success, outcome.failures
    state = consistent(tmp_path / "w.duckdb")
    assert state["duplicates"] == 0 and "indicator_values" in state["marts"]
    assert state["raw_contacts"] == delivered_contacts(landing, "2025-01")


def test_a_second_load_waits_and_then_gives_up_with_a_clear_message(landing, tmp_path):
    with writer_lock(tmp_path / "w.duckdb"):
        load = start_load(tmp_path, landing, "2025-01", BASPAKET_LOCK_TIMEOUT="1")
        output, _ = load.communicate(timeout=120)
    assert load.returncode != 0
    assert "is being written by pid" in output.replace("\n", " ") and "gave up after 1 s" in output.replace("\n", " ")
    assert not (tmp_path / "w.duckdb").exists() or consistent(tmp_path / "w.duckdb")["loads"] == 0


def test_a_load_without_the_key_stops_and_says_how_to_set_it(landing, tmp_path, monkeypatch):
    monkeypatch.delenv("BASPAKET_PSEUDONYM_KEY")
    result = CliRunner().invoke(main, ["load", str(landing), "--warehouse", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "BASPAKET_PSEUDONYM_KEY is not set" in result.output and "export BASPAKET_PSEUDONYM_KEY=" in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_an_incomplete_month_is_refused_by_name_through_the_command_line(landing, tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dh"))
    (tmp_path / "dh").mkdir()
    (landing / "2025-02" / "lakemedel.csv").unlink()
    result = CliRunner().invoke(
        main,
        [
            "load",
            str(landing),
            "--months",
            "2025-02",
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--output",
            str(tmp_path / "out"),
        ],
    )
    assert result.exit_code == 1
    text = result.output.replace("\n", " ")
    assert "missing lakemedel.csv" in text and "nothing of the month was loaded" in text
    assert "refused" in text


def test_a_load_stopped_while_great_expectations_wrote_its_files_does_not_stop_the_next(tmp_path):
    """GE keeps each suite, definition, checkpoint and result as a JSON file, written in place. A
    load killed in the middle of one left it empty (seen: the checkpoint), and every later load
    then failed on it: such files are removed, said in the log, and made again. A result cut
    off the same way is left out of the site by GE."""
    import great_expectations.expectations as gxe
    import pandas as pd

    from baspaket.quality.validation import CONFIGURATION_STORES, GxRunner, publishing

    frame = pd.DataFrame({"rows": [4]})

    def validate(docs: Path) -> tuple[bool, list[str]]:
        with publishing(GxRunner(docs)) as runner:
            expectations = [gxe.ExpectColumnValuesToBeBetween(column="rows", min_value=1)]
            result = runner.validate("structure_x", "2025-01_x", frame, expectations, with_docs=True)
        return result.success, runner.removal_warnings()

    docs = tmp_path / "docs"
    assert validate(docs) == (True, [])
    configuration = [next((docs / "gx" / store).rglob("*.json")) for store in CONFIGURATION_STORES]
    for path in configuration:  # as the kill left the checkpoint
        path.write_text("", encoding="utf-8")
    [result] = (docs / "gx" / "uncommitted" / "validations").rglob("*.json")
    result.write_text(result.read_text(encoding="utf-8")[:300], encoding="utf-8")
    success, warnings = validate(docs)
    assert success
    assert len(warnings) == 3 and all(any(str(path) in w for w in warnings) for path in configuration)
    assert all(json.loads(path.read_text(encoding="utf-8")) for path in configuration)  # made again
    assert len(list((docs / "gx" / "uncommitted" / "validations").rglob("*.json"))) == 2
