"""The Dagster code location: definitions, schedule, sensor, and runs on the real stack."""

import json
import os
import shutil

import dagster as dg
import duckdb
import pytest

from baspaket.orchestration.assets.transform import dbt_build_args, run_models_left_out
from baspaket.orchestration.definitions import build_definitions, ensure_manifest
from baspaket.orchestration.partitions import monthly_partitions
from baspaket.orchestration.runner import consecutive_ranges, load, run_months
from baspaket.orchestration.sensors import new_deliveries
from baspaket.reports.outputs import report_workers
from baspaket.settings import DBT_PROJECT_DIR, Settings, dbt_threads


@pytest.fixture
def settings(tmp_path):
    return Settings.resolve(warehouse=tmp_path / "w.duckdb", landing=tmp_path / "landing", output=tmp_path / "out")


def test_definitions_load_with_schedule_sensor_and_lineage(settings):
    defs = build_definitions(settings)
    job = defs.resolve_job_def("monthly_load")
    assert job.partitions_def is not None
    schedule = defs.resolve_schedule_def("monthly_load_schedule")
    assert schedule.cron_schedule == "0 6 5 * *"
    assert defs.resolve_sensor_def("landing_sensor")
    keys = {k.to_user_string() for k in defs.resolve_all_asset_keys()}
    assert {"raw/vardkontakter", "marts/indicator_values", "quality/registration_quality", "outputs/baspaket"} <= keys
    graph = defs.resolve_asset_graph()
    staging = dg.AssetKey(["staging", "stg_export__contacts"])
    assert dg.AssetKey(["raw", "vardkontakter"]) in graph.get(staging).parent_keys


def test_what_the_warehouse_keeps_by_month_is_partitioned_and_what_a_run_rebuilds_is_not(settings):
    graph = build_definitions(settings).resolve_asset_graph()

    def partitioned(*path: str) -> bool:
        return graph.get(dg.AssetKey(list(path))).partitions_def is not None

    assert partitioned("staging", "stg_export__contacts")
    assert partitioned("marts", "indicator_values")
    assert partitioned("audit", "delivery_checks")
    assert not partitioned("intermediate", "int_listed_population")
    assert not partitioned("intermediate", "int_contacts_classified")
    assert not partitioned("marts", "diagnosis_groups")
    assert not partitioned("reference", "indicator_catalogue")
    # the intermediate schema holds the run's months only, but for the diagnoses, which it keeps
    # as staging keeps their contacts (dbt_project.yml)
    assert partitioned("intermediate", "int_person_diagnoses")
    intermediate = [k for k in graph.get_all_asset_keys() if k.path[0] == "intermediate"]
    kept = sorted(k.path[-1] for k in intermediate if graph.get(k).partitions_def)
    assert len(intermediate) > 20 and kept == ["int_diagnosed_contacts", "int_person_diagnoses"]


def test_a_run_of_some_models_must_build_the_intermediate_tables_they_read(settings):
    """The intermediate tables a run rebuilds live only in its memory (dbt_project.yml): a run of
    some of the models is refused, naming them, unless it builds them too."""
    manifest = json.loads(ensure_manifest(settings.seeds).read_text(encoding="utf-8"))

    def keys(*names: str) -> list[dg.AssetKey]:
        return [dg.AssetKey(name.split("/")) for name in names]

    # read through the ephemeral indicator models, and through another intermediate table
    left_out = run_models_left_out(manifest, keys("marts/indicator_values", "intermediate/int_population_members"))
    assert "intermediate/int_listed_person_activity" in left_out
    assert "intermediate/int_listed_population" in left_out
    assert "intermediate/int_population_members" not in left_out
    # what the warehouse keeps is read from the warehouse: staging, the kept diagnoses
    assert (
        run_models_left_out(manifest, keys("staging/stg_export__contacts", "intermediate/int_person_diagnoses")) == []
    )
    everything = build_definitions(settings).resolve_asset_graph().get_all_asset_keys()
    assert run_models_left_out(manifest, everything) == []

    job = build_definitions(settings).resolve_implicit_global_asset_job_def()
    result = job.execute_in_process(
        asset_selection=keys("marts/indicator_values"),
        partition_key=monthly_partitions.get_last_partition_key(),
        raise_on_error=False,
    )
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "intermediate/int_listed_population" in failure.step_failure_data.error.message


def test_dbt_args_carry_the_settings_as_vars_and_the_months_in_the_warehouse(settings, monkeypatch):
    """The months are not vars: vars that change every month make dbt parse the whole project
    in every run. The run writes them to the warehouse, where run_month_vars reads them."""
    monkeypatch.setenv("BASPAKET_DUCKDB_MEMORY_LIMIT", "3GiB")
    monkeypatch.setenv("BASPAKET_DBT_THREADS", "3")
    args = dbt_build_args(settings.dbt_vars())
    assert args[:6] == ["build", "--exclude-resource-type", "unit_test", "--threads", "3", "--vars"]
    assert json.loads(args[6]) == {
        "run_months_table": "audit.dbt_run_months",
        "warehouse": str(settings.warehouse),
        # relative to the dbt project (dbt-core issue 7373), and the same folder
        "reference_dir": os.path.relpath(settings.reference_dir, DBT_PROJECT_DIR),
        "duckdb_memory_limit": "3GiB",
    }
    assert (DBT_PROJECT_DIR / json.loads(args[6])["reference_dir"]).resolve() == settings.reference_dir


def test_dbt_threads_default_to_the_cores_at_most_four(monkeypatch):
    for env in ("BASPAKET_DBT_THREADS", "BASPAKET_REPORT_WORKERS"):
        monkeypatch.delenv(env, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert dbt_threads() == 2
    monkeypatch.setattr(os, "cpu_count", lambda: 32)
    assert dbt_threads() == 4  # at most four unless set
    assert report_workers() == 32  # the report workers have no cap


@pytest.mark.parametrize(
    ("env", "count"), [("BASPAKET_DBT_THREADS", dbt_threads), ("BASPAKET_REPORT_WORKERS", report_workers)]
)
def test_per_core_counts_read_a_whole_number_and_name_a_wrong_one(monkeypatch, env, count):
    """Both counts are read by settings.count_per_core: a wrong value is named, not a bare
    int() error from a worker's start."""
    monkeypatch.setenv(env, " 8 ")
    assert count() == 8
    for wrong in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv(env, wrong)
        with pytest.raises(ValueError, match=f"{env} is a whole number"):
            count()


def test_dbt_is_not_asked_its_version_in_every_run(settings, monkeypatch):
    """dagster-dbt ran `dbt --version` before every dbt step, which asks PyPI for the latest
    releases (3.5 s a run here, a timeout per package on a server without internet). The
    resource the Definitions hold knows the version of the dbt this environment installed."""
    import importlib.metadata

    import dagster_dbt.core.resource

    def version_asked(*args, **kwargs):
        raise AssertionError(f"dbt asked: {args}")

    monkeypatch.setattr(dagster_dbt.core.resource, "check_output", version_asked)
    dbt = build_definitions(settings).resources["dbt"]
    assert str(dbt._cli_version) == importlib.metadata.version("dbt-core")


def test_dagster_makes_no_dbt_adapter_of_its_own_before_a_dbt_step(settings, monkeypatch):
    """dagster-dbt loads dbt's profile and macros in Dagster's process before each dbt command,
    for row counts and column metadata this project does not fetch (1.3 s a month)."""
    import dbt.adapters.factory

    def adapter_made(*args, **kwargs):
        raise AssertionError("a dbt adapter was made in Dagster's process")

    monkeypatch.setattr(dbt.adapters.factory, "register_adapter", adapter_made)
    dbt_resource = build_definitions(settings).resources["dbt"]
    assert dbt_resource._initialize_dbt_core_adapter(["build"]) is None


def test_consecutive_months_run_together_in_runs_of_at_most_three():
    assert consecutive_ranges(["2025-03", "2024-12", "2025-01", "2025-05"]) == [
        ["2024-12", "2025-01"],
        ["2025-03"],
        ["2025-05"],
    ]
    backlog = [f"2024-{m:02d}" for m in range(1, 13)] + ["2025-01"]
    assert [len(run) for run in consecutive_ranges(backlog)] == [3, 3, 3, 3, 1]
    assert consecutive_ranges(backlog)[-1] == ["2025-01"]


def test_sensor_waits_for_complete_deliveries_and_sees_redeliveries(demo_run, tmp_path):
    landing = tmp_path / "landing"
    shutil.copytree(demo_run.landing / "2025-01", landing / "2025-01")
    shutil.copytree(demo_run.landing / "2025-02", landing / "2025-02")
    (landing / "2025-02" / "telefoni.csv").unlink()
    keys = {"2025-01-01", "2025-02-01"}
    ready, waiting = new_deliveries(landing, {}, keys)
    assert [m for m, _ in ready] == ["2025-01"]
    assert waiting == [("2025-02", "incomplete: missing telefoni.csv")]
    cursor = dict(ready)
    assert new_deliveries(landing, cursor, keys)[0] == []
    (landing / "2025-01" / "bemanning.csv").write_text(
        (landing / "2025-01" / "bemanning.csv").read_text(encoding="cp1252") + "\n", encoding="cp1252"
    )
    assert [m for m, _ in new_deliveries(landing, cursor, keys)[0]] == ["2025-01"]


def test_structural_failure_stops_the_downstream_assets(demo_run, settings):
    shutil.copytree(demo_run.landing / "2025-01", settings.landing / "2025-01")
    listing = settings.landing / "2025-01" / "listning.csv"
    listing.write_bytes(listing.read_bytes().splitlines(keepends=True)[0])  # header only
    [outcome] = run_months(["2025-01"], settings, instance=dg.DagsterInstance.ephemeral())
    assert "raw/listning:structure" in outcome.checks_failed
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    try:
        built = con.execute("select count(*) from information_schema.tables where table_schema = 'marts'").fetchone()[0]
    finally:
        con.close()
    assert built == 0  # dbt never ran


def test_a_broken_reference_file_stops_a_dagster_run_before_ingest(demo_run, settings, tmp_path):
    """The same check as the command line's, for runs started by the UI, schedule or sensor."""
    import dataclasses

    from baspaket.settings import SEEDS_DIR

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    centres = seeds / "centres.csv"
    centres.write_text(
        centres.read_text(encoding="utf-8").replace(",Region,2380", ",Kommunal,2380", 1), encoding="utf-8"
    )
    shutil.copytree(demo_run.landing / "2025-01", settings.landing / "2025-01")
    settings = dataclasses.replace(settings, seeds=seeds)
    [outcome] = run_months(["2025-01"], settings, instance=dg.DagsterInstance.ephemeral())
    assert not outcome.success
    assert any("centres.csv: row 1 (line 2 of the file), column provider: 'Kommunal'" in f for f in outcome.failures), (
        outcome.failures
    )
    con = duckdb.connect(str(settings.warehouse))
    try:
        tables = con.execute(
            "select count(*) from information_schema.tables where table_schema in ('raw', 'marts')"
        ).fetchone()[0]
    finally:
        con.close()
    assert tables == 0  # not a row read, nothing written


def test_loading_a_month_again_does_not_double_it(demo_run, tmp_path):
    """...and dbt, whose vars are the same in every run of the warehouse (its months are in the
    warehouse), parses only what changed since the run before: no full parse."""
    settings = Settings.resolve(warehouse=demo_run.warehouse, landing=demo_run.landing, output=demo_run.output)

    def counts():
        con = duckdb.connect(str(demo_run.warehouse), read_only=True)
        try:
            return [
                con.execute(q).fetchone()[0]
                for q in (
                    "select count(*) from raw.vardkontakter",
                    "select count(*) from marts.indicator_values",
                    "select sum(numerator) from marts.indicator_values where indicator = 'contacts'",
                    "select count(*) from audit.rejects",
                )
            ]
        finally:
            con.close()

    before = counts()
    log = tmp_path / "again.log"
    summary = load(["2025-02"], settings, instance=dg.DagsterInstance.ephemeral(), log_file=log)
    assert summary.success, summary.runs
    assert counts() == before
    dbt_output = log.read_text(encoding="utf-8")
    assert "Running with dbt" in dbt_output and "Unable to do partial parsing" not in dbt_output


def test_the_load_summary_times_every_step(demo_run):
    assert "Steps: raw_exports" in demo_run.stdout and "warehouse_models" in demo_run.stdout


def test_months_step_across_years():
    from baspaket.contract.months import months_between, parse_month_range, shift

    assert shift("2025-01", -1) == "2024-12" and shift("2024-12", 1) == "2025-01"
    assert shift("2025-06", -12) == "2024-06"
    assert months_between("2024-11", "2025-02") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert parse_month_range("2025-03") == ("2025-03", "2025-03")
    with pytest.raises(ValueError, match="ends before it starts"):
        parse_month_range("2025-03:2025-01")


def test_sensor_starts_nothing_for_what_the_warehouse_loaded_and_skips_without_a_key(demo_run, tmp_path, monkeypatch):
    from baspaket.orchestration.resources import LandingResource, WarehouseResource
    from baspaket.orchestration.sensors import landing_sensor

    def tick(landing, cursor=None):
        context = dg.build_sensor_context(
            cursor=cursor,
            resources={
                "landing": LandingResource(path=str(landing)),
                "warehouse": WarehouseResource(path=str(demo_run.warehouse)),
            },
        )
        return landing_sensor(context), context.cursor

    # The demo's months, loaded from these very files: nothing starts, whoever loaded them.
    result, cursor = tick(demo_run.landing)
    assert isinstance(result, dg.SkipReason), result
    assert set(json.loads(cursor)) == set(demo_run.months)
    # A re-delivered month starts a run, but not without the key: skipped with the reason.
    landing = tmp_path / "landing"
    shutil.copytree(demo_run.landing / "2025-01", landing / "2025-01")
    (landing / "2025-01" / "bemanning.csv").write_bytes((landing / "2025-01" / "bemanning.csv").read_bytes() + b"\n")
    monkeypatch.delenv("BASPAKET_PSEUDONYM_KEY")
    result, _ = tick(landing)
    assert isinstance(result, dg.SkipReason) and "BASPAKET_PSEUDONYM_KEY is not set" in result.skip_message
    # The demo's key (from .env) serves the demo's synthetic months, never a real delivery.
    monkeypatch.setenv("BASPAKET_DEMO_PSEUDONYM_KEY", "the-demo-key-of-sixteen-or-more")
    result, _ = tick(landing)
    assert [r.partition_key for r in result] == ["2025-01-01"]
    (landing / "2025-01" / "SYNTHETIC_DEMO_DATA.txt").unlink()
    result, _ = tick(landing)
    assert isinstance(result, dg.SkipReason) and "BASPAKET_PSEUDONYM_KEY is not set" in result.skip_message
    monkeypatch.setenv("BASPAKET_PSEUDONYM_KEY", "a-key-of-sixteen-or-more")
    result, _ = tick(landing)
    assert [r.partition_key for r in result] == ["2025-01-01"]


def test_a_stale_manifest_is_parsed_with_the_environments_dbt_whatever_the_path(tmp_path, monkeypatch):
    """A load started by its full path (cron, a service) has no venv on PATH; dagster-dbt's
    preparer looks for `dbt` there when a model changed since the manifest was parsed."""
    import os
    import shutil

    from baspaket.orchestration import definitions

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    newer = seeds / "centres.csv"
    newer.write_text("hsa_id\n", encoding="utf-8")
    future = newer.stat().st_mtime + 10**6  # newer than any manifest: it must be parsed again
    os.utime(newer, (future, future))
    found = []
    monkeypatch.setattr(definitions.dbt_project.preparer, "prepare", lambda project: found.append(shutil.which("dbt")))
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    definitions.ensure_manifest(seeds)
    assert found == [definitions.dbt_executable()]
    assert os.environ["PATH"] == "/usr/bin:/bin"  # put back
