"""The dbt project as Dagster assets: seeds, staging, intermediate and marts, with the dbt
tests as asset checks. The run's months are written to the warehouse for dbt to read
(`record_run_months`), so a backfill of many months is one `dbt build`, and the incremental
marts replace exactly those months.

What the warehouse keeps month by month (staging, marts, audit: `meta.months: stored` in
dbt_project.yml) is a monthly partitioned asset. What every run rebuilds for its own months
(the intermediate tables, the seeds: `months: run`) is an asset without partitions: showing it
as monthly partitions would claim months it no longer holds."""

import json
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from baspaket.orchestration.partitions import MONTHS_PER_RUN, monthly_partitions, months_of
from baspaket.orchestration.resources import ReferenceResource, WarehouseResource
from baspaket.settings import DBT_PROJECT_DIR, dbt_target_dir, dbt_threads, dbt_vars
from baspaket.warehouse import connect, ensure_schemas

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class WarehouseTranslator(DagsterDbtTranslator):
    """Asset keys follow the warehouse's schemas: `marts/indicator_values`; sources keep the
    keys of the ingest assets (`raw/vardkontakter`), so the lineage is one graph."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey([dbt_resource_props["source_name"], dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]

    def get_partitions_def(self, dbt_resource_props: Mapping[str, Any]) -> dg.PartitionsDefinition | None:
        # Sources are the ingest assets (raw_exports), which have their own partitions.
        if dbt_resource_props["resource_type"] not in ("model", "seed"):
            return None
        return monthly_partitions if months_kept(dbt_resource_props) == "stored" else None


def months_kept(dbt_resource_props: Mapping[str, Any]) -> str:
    """`stored` or `run`, as dbt_project.yml sets `meta.months` per folder; a model or seed
    without it stops the code location from loading, naming it."""
    months = (dbt_resource_props.get("config", {}).get("meta") or {}).get("months")
    if months not in ("stored", "run"):
        raise ValueError(
            f"{dbt_resource_props['original_file_path']}: set meta.months (stored or run) for its folder "
            "in dbt_project.yml: does the warehouse keep its months, or does every run rebuild it?"
        )
    return months


# The months of the Dagster run that dbt builds: one row (period_start, period_end), written
# before each build; its name goes to dbt as the var run_months_table, which run_month_vars
# (macros/run_months.sql) reads.
RUN_MONTHS_TABLE = "audit.dbt_run_months"


def dbt_build_args(settings: Mapping[str, str]) -> list[str]:
    """The `dbt build` arguments of a Dagster run, with the settings dbt needs
    (`Settings.dbt_vars`) as vars.

    The run's months are not among the vars: dbt parses the whole project again whenever its
    vars change, which every month would. They are in RUN_MONTHS_TABLE (`record_run_months`),
    so the vars of a warehouse stay the same from run to run and dbt parses only what changed
    (docs/performance.md). dbt unit tests check the SQL, not the month's data: they run in
    development and CI (`dbt build` in dbt_project/, and the test suite), not in every monthly
    load. dbt builds `dbt_threads()` nodes at once (BASPAKET_DBT_THREADS)."""
    return [
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--threads",
        str(dbt_threads()),
        "--vars",
        json.dumps({**settings, "run_months_table": RUN_MONTHS_TABLE}),
    ]


def record_run_months(warehouse_file: Path, months: list[str]) -> None:
    """Write the run's months (consecutive, oldest first) for the next `dbt build` to read."""
    con = connect(warehouse_file)
    try:
        ensure_schemas(con)
        con.execute(
            f"CREATE OR REPLACE TABLE {RUN_MONTHS_TABLE} AS SELECT ?::VARCHAR AS period_start, ?::VARCHAR AS period_end",
            [months[0], months[-1]],
        )
    finally:
        con.close()


def run_models_left_out(manifest: Mapping[str, Any], selected: Collection[dg.AssetKey]) -> list[str]:
    """The asset keys (`intermediate/int_…`) of the models a selected model reads (directly, through
    ephemeral models or through other such models) that a run builds outside the warehouse
    file, in its own memory (dbt_project.yml), and that are not selected: dbt would find no
    such table. The rule is macros/run_database.sql's (a model outside target.database); the
    target's database is the seeds', which are always in the warehouse file."""
    nodes = manifest["nodes"]
    warehouse_databases = {n["database"] for n in nodes.values() if n["resource_type"] == "seed"}
    chosen = set(selected)

    def in_memory(node: Mapping[str, Any]) -> bool:
        return node["resource_type"] == "model" and node["database"] not in warehouse_databases

    def read_by(unique_id: str) -> Iterator[str]:
        for parent in manifest["parent_map"].get(unique_id, []):
            node = nodes.get(parent)
            if node is None:  # a source
                continue
            if node.get("config", {}).get("materialized") == "ephemeral":
                yield from read_by(parent)
            else:
                yield parent

    def key(node: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey([node["schema"], node["name"]])

    # from the selected models up through what they read, as far as tables in memory go: a
    # left-out table needs what it reads in memory too, so one refusal names them all
    to_visit = [uid for uid, n in nodes.items() if n["resource_type"] == "model" and key(n) in chosen]
    seen, left_out = set(to_visit), set()
    while to_visit:
        for parent in read_by(to_visit.pop()):
            node = nodes[parent]
            if not in_memory(node):
                continue
            if key(node) not in chosen:
                left_out.add(key(node).to_user_string())
            if parent not in seen:
                seen.add(parent)
                to_visit.append(parent)
    return sorted(left_out)


def build_dbt_assets(manifest_path):
    # No partitions_def here: each asset has its own (WarehouseTranslator.get_partitions_def).
    @dbt_assets(
        manifest=manifest_path,
        project=dbt_project,
        backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=MONTHS_PER_RUN),
        dagster_dbt_translator=WarehouseTranslator(),
    )
    def warehouse_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        warehouse: WarehouseResource,
        reference: ReferenceResource,
    ):
        if context.is_subset:
            manifest = json.loads(Path(manifest_path).read_text(encoding="utf-8"))
            left_out = run_models_left_out(manifest, context.selected_asset_keys)
            if left_out:
                raise dg.Failure(
                    description="The models selected read intermediate tables that live only in a "
                    "run's memory and must be built in the same run: select "
                    + ", ".join(left_out)
                    + " too, or run the whole monthly_load job."
                )
        settings = dbt_vars(warehouse.file, Path(reference.folder))
        with warehouse.writer_lock(log=context.log.info):
            record_run_months(warehouse.file, months_of(context))
            # The warehouse's own target folder, the same every run (about 7 MB, overwritten):
            # dbt keeps its parse of the project there and reads only what changed since.
            target = dbt_target_dir(warehouse.file)
            invocation = dbt.cli(dbt_build_args(settings), context=context, target_path=target)
            yield from invocation.stream()

    return warehouse_models
