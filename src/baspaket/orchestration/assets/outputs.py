"""Outputs: each centre's baspaket, the board's access report and the region's overview for each
built month, from the marts only (src/baspaket/reports/)."""

from typing import Literal

import dagster as dg

from baspaket.orchestration.assets.quality import REGISTRATION_QUALITY
from baspaket.orchestration.partitions import MONTHS_PER_RUN, monthly_partitions, months_of
from baspaket.orchestration.resources import OutputResource, WarehouseResource
from baspaket.reports.marts import centres_with_listed
from baspaket.reports.outputs import write_baspakets, write_board, write_overview


class ReportsConfig(dg.Config):
    """Which months of the run get their reports: all, the latest, or none. A backlog of many
    months usually needs only the newest month's reports; the command line asks for those, and
    for none in the earlier runs a long backlog is cut into (runner.run_months)."""

    months: Literal["all", "latest", "none"] = "all"


def report_months(context: dg.AssetExecutionContext, config: ReportsConfig) -> list[str]:
    months = months_of(context)
    return {"all": months, "latest": months[-1:], "none": []}[config.months]


REPORT_INPUTS = [
    dg.AssetKey(["marts", "indicator_report"]),
    dg.AssetKey(["marts", "population_by_age_sex"]),
    dg.AssetKey(["marts", "population_summary"]),
    dg.AssetKey(["marts", "listed_by_municipality"]),
    dg.AssetKey(["marts", "contacts_by_profession_type"]),
    dg.AssetKey(["marts", "activity_summary"]),
    dg.AssetKey(["marts", "morbidity_prevalence"]),
    dg.AssetKey(["marts", "diagnosis_groups"]),
    dg.AssetKey(["marts", "indicator_definitions"]),
    dg.AssetKey(["marts", "top_diagnoses"]),
    dg.AssetKey(["marts", "staffing_by_profession"]),
    dg.AssetKey(["marts", "registration_worklist"]),
    dg.AssetKey(["marts", "standardised_rates"]),
    dg.AssetKey(["marts", "access_spc"]),
    dg.AssetKey(["marts", "access_spc_chart"]),
    REGISTRATION_QUALITY,
]


@dg.asset(
    key=["outputs", "baspaket"],
    deps=REPORT_INPUTS,
    group_name="outputs",
    kinds={"excel", "html"},
    description="Each centre's baspaket: output/<YYYY-MM>/baspaket_<HSA-id>_<YYYY-MM>.xlsx and .html",
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=MONTHS_PER_RUN),
)
def baspaket_files(
    context: dg.AssetExecutionContext, config: ReportsConfig, warehouse: WarehouseResource, output: OutputResource
) -> dg.MaterializeResult:
    written = []
    for month in report_months(context, config):
        with warehouse.reader() as con:
            centre_ids = centres_with_listed(con, month)
        written += write_baspakets(warehouse.file, output.folder, centre_ids, month)
        context.log.info(f"{month}: wrote the baspaket of {len(centre_ids)} centres")
    return dg.MaterializeResult(metadata={"files": len(written), "folder": str(output.folder)})


@dg.asset(
    key=["outputs", "board_access"],
    deps=[
        dg.AssetKey(["marts", "indicator_report"]),
        dg.AssetKey(["marts", "access_by_centre"]),
        dg.AssetKey(["marts", "access_spc"]),
        dg.AssetKey(["marts", "access_spc_chart"]),
    ],
    group_name="outputs",
    kinds={"excel", "html"},
    description="The board's access report (0:an, 3:an): output/<YYYY-MM>/board_access_<YYYY-MM>.xlsx and .html",
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=MONTHS_PER_RUN),
)
def board_access_files(
    context: dg.AssetExecutionContext, config: ReportsConfig, warehouse: WarehouseResource, output: OutputResource
) -> dg.MaterializeResult:
    return _write_month_reports(context, config, warehouse, output, write_board, "board report")


@dg.asset(
    key=["outputs", "region_overview"],
    deps=[
        dg.AssetKey(["marts", "indicator_report"]),
        dg.AssetKey(["marts", "standardised_rates"]),
        dg.AssetKey(["marts", "access_spc"]),
        dg.AssetKey(["audit", "delivery_checks"]),
    ],
    group_name="outputs",
    kinds={"excel", "html"},
    description="The region's overview for its analysts: every indicator of every centre with intervals and "
    "comparisons, funnel plots, standardised rates: output/<YYYY-MM>/region_overview_<YYYY-MM>.xlsx "
    "and .html",
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=MONTHS_PER_RUN),
)
def region_overview_files(
    context: dg.AssetExecutionContext, config: ReportsConfig, warehouse: WarehouseResource, output: OutputResource
) -> dg.MaterializeResult:
    return _write_month_reports(context, config, warehouse, output, write_overview, "region overview")


def _write_month_reports(
    context: dg.AssetExecutionContext,
    config: ReportsConfig,
    warehouse: WarehouseResource,
    output: OutputResource,
    write,
    what: str,
) -> dg.MaterializeResult:
    """One report of the region per month of the run: `write(con, folder, month)`."""
    written = []
    with warehouse.reader() as con:
        for month in report_months(context, config):
            written += write(con, output.folder, month)
    context.log.info(f"wrote {len(written)} {what} files")
    return dg.MaterializeResult(metadata={"files": [str(p) for p in written]})
