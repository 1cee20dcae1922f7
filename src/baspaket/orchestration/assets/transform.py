"""The dbt project as Dagster assets: seeds, staging, intermediate and marts, with the dbt
tests as asset checks. The run's months become dbt vars (period_start, period_end), so a
backfill of many months is one `dbt build`, and the incremental marts replace exactly those
months.

What the warehouse keeps month by month (staging, marts, audit: `meta.months: stored` in
dbt_project.yml) is a monthly partitioned asset. What every run rebuilds for its own months
(the intermediate tables, the seeds: `months: run`) is an asset without partitions: showing it
as monthly partitions would claim months it no longer holds."""

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from baspaket.orchestration.partitions import MONTHS_PER_RUN, monthly_partitions, months_of
from baspaket.orchestration.resources import ReferenceResource, WarehouseResource
from baspaket.settings import DBT_PROJECT_DIR, dbt_vars

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


def dbt_build_args(months: list[str], settings: Mapping[str, str]) -> list[str]:
    """The `dbt build` arguments for a run over `months` (consecutive, oldest first), with the
    settings dbt needs (`Settings.dbt_vars`) as vars beside the months.

    dbt unit tests check the SQL, not the month's data: they run in development and CI
    (`dbt build` in dbt_project/, and the test suite), not in every monthly load."""
    return [
        "build",
        "--exclude-resource-type",
        "unit_test",
        "--vars",
        json.dumps({**settings, "period_start": months[0], "period_end": months[-1]}),
    ]


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
        settings = dbt_vars(warehouse.file, Path(reference.folder))
        with warehouse.writer_lock(log=context.log.info):
            invocation = dbt.cli(dbt_build_args(months_of(context), settings), context=context)
            yield from invocation.stream()
        # Each run writes its own target folder (about 7 MB); a month after month they would fill
        # the disk. It is removed once the build has succeeded and kept when it failed.
        shutil.rmtree(invocation.target_path, ignore_errors=True)

    return warehouse_models
