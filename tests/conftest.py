"""Shared fixtures. The end-to-end fixture runs the real `baspaket demo` once per session on a
tiny synthetic region (real DuckDB file, real dbt build, Dagster in-process, real GE), and the
tests that inspect a loaded warehouse share it."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

TEST_KEY = "test-pseudonym-key-0123456789abcdef"
# The public personnummer vectors live in ../shared/testdata beside the checkout; tests/data keeps
# a copy of the same file so the suite runs wherever the repository is cloned.
_SHARED = Path(__file__).resolve().parents[2] / "shared" / "testdata"
SHARED_TESTDATA = _SHARED if (_SHARED / "personnummer-vectors.json").exists() else Path(__file__).parent / "data"


# pytest-xdist hands out work by xdist_group (`--dist loadgroup`, pyproject.toml): each test file
# is one group, as with `--dist loadfile`, except that every file using the session's demo
# (demo_run) is one group together. A session fixture is made once per worker that needs it, and
# the demo is the dearest of them: spread over both workers it was made twice.
DEMO_GROUP = "demo_run"
# The dearest groups first (their seconds in a run on 2026-11-26, after the bad-input cases began
# to copy one loaded warehouse: 133, 131, 90, 88, 45, 26, 18). xdist hands the groups out in the order they are collected when
# it does not reorder them by their number of tests (`--no-loadscope-reorder`, pyproject.toml):
# the longest first lets the two workers end together, where one of them was left with 65 s of
# work alone at the end.
DEAREST_FIRST = [
    DEMO_GROUP,
    "tests.test_delivery_checks",
    "tests.test_faults",
    "tests.test_incremental",
    "tests.test_real_region",
    "tests.test_indicators_by_hand",
    "tests.test_bad_input",
]


def _group(item) -> str:
    return item.get_closest_marker("xdist_group").args[0]


@pytest.hookimpl(wrapper=True)  # a wrapper: before xdist's own hook reads the marks
def pytest_collection_modifyitems(config, items):
    on_demo = {item.module.__name__ for item in items if "demo_run" in item.fixturenames}
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            module = item.module.__name__
            item.add_marker(pytest.mark.xdist_group(DEMO_GROUP if module in on_demo else module))
    rank = {group: i for i, group in enumerate(DEAREST_FIRST)}
    items.sort(key=lambda item: rank.get(_group(item), len(rank)))  # stable: the rest keep their order
    return (yield)


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch, tmp_path):
    from baspaket.orchestration import demo_key

    monkeypatch.setenv("BASPAKET_PSEUDONYM_KEY", TEST_KEY)
    monkeypatch.setenv("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    # The project's own .env (a developer's demo key) never reaches a test.
    monkeypatch.delenv("BASPAKET_DEMO_PSEUDONYM_KEY", raising=False)
    monkeypatch.setattr(demo_key, "ENV_FILE", tmp_path / ".env")
    # Nor do a test's runs reach the project's dagster_home: a developer's UI would show the
    # failures the tests provoke as red runs of the demo's months.
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))


@contextlib.contextmanager
def environment(env: dict[str, str]):
    """`env` set for the block (session fixtures cannot use monkeypatch), then put back."""
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def plain_dbt_env(warehouse: Path) -> dict[str, str]:
    """The environment of a plain `dbt build` of `warehouse` on the project's own seeds: no
    setting another test exported (a reference folder, a memory limit) leaks in."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("BASPAKET_")},
        "BASPAKET_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }


def run_dbt(warehouse: Path, *args: str) -> None:
    """A plain `dbt <args>` of the project on `warehouse` (plain_dbt_env), with its target and
    logs beside the warehouse; fails the test with the end of dbt's output when dbt fails."""
    import subprocess
    import sys

    from baspaket.settings import DBT_PROJECT_DIR

    run = subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            *args,
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(warehouse.parent / "target"),
            "--log-path",
            str(warehouse.parent / "logs"),
        ],
        env=plain_dbt_env(warehouse),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout[-4000:]


@dataclass
class DemoRun:
    root: Path
    warehouse: Path
    landing: Path
    output: Path
    months: list[str]
    exit_code: int
    stdout: str


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory) -> DemoRun:
    from click.testing import CliRunner

    from baspaket.cli import main

    root = tmp_path_factory.mktemp("demo")
    env = {
        "BASPAKET_PSEUDONYM_KEY": TEST_KEY,
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
    }
    with environment(env):
        result = CliRunner().invoke(
            main,
            [
                "demo",
                "--persons",
                "600",
                "--centres",
                "3",
                "--months",
                "2025-01:2025-03",
                "--warehouse",
                str(root / "warehouse" / "baspaket.duckdb"),
                "--landing",
                str(root / "landing"),
                "--output",
                str(root / "output"),
            ],
            catch_exceptions=False,
        )
    return DemoRun(
        root,
        root / "warehouse" / "baspaket.duckdb",
        root / "landing",
        root / "output",
        ["2025-01", "2025-02", "2025-03"],
        result.exit_code,
        result.output,
    )


@pytest.fixture
def warehouse_reader(demo_run):
    import duckdb

    con = duckdb.connect(str(demo_run.warehouse), read_only=True)
    yield con
    con.close()
