"""Registration quality: the Great Expectations registration suite on each built month, per
centre and for the region, stored in audit.quality_results, and the month's data-quality page
(output/<YYYY-MM>/data_quality_<YYYY-MM>.html, readable without a network). Severity WARN:
registration errors do not stop the reports, they go into them."""

import dagster as dg

from baspaket.orchestration.partitions import MONTHS_PER_RUN, monthly_partitions, months_of
from baspaket.orchestration.resources import OutputResource, WarehouseResource
from baspaket.quality.validation import GxRunner, publishing, store_results, validate_registration
from baspaket.reports.quality_page import write_quality_page

REGISTRATION_QUALITY = dg.AssetKey(["quality", "registration_quality"])
# The month's data-quality page also shows the delivery checks: they are built first.
REGISTRATION_INPUTS = [dg.AssetKey(["marts", "registration_check_counts"]), dg.AssetKey(["audit", "delivery_grades"])]


@dg.asset(
    key=REGISTRATION_QUALITY,
    deps=REGISTRATION_INPUTS,
    group_name="quality",
    kinds={"great_expectations", "duckdb"},
    description="Registration-quality results per centre and month (audit.quality_results).",
    check_specs=[
        dg.AssetCheckSpec(
            "registration_quality_suite",
            asset=REGISTRATION_QUALITY,
            description="Great Expectations registration suite: doctor contacts without diagnosis, "
            "codes of the wrong shape, unknown KVÅ codes, care-guarantee contacts without "
            "seek date, contacts without staff id, invalid personnummer.",
        )
    ],
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=MONTHS_PER_RUN),
)
def registration_quality(context: dg.AssetExecutionContext, warehouse: WarehouseResource, output: OutputResource):
    runner = GxRunner(output.data_docs_folder)
    months = months_of(context)
    warnings, shares, pages = [], {}, []
    with warehouse.writer(log=context.log.info) as con, publishing(runner):
        for month in months:
            region, per_centre = validate_registration(con, month, runner)
            store_results(con, month, [region.suite], region.results + per_centre)
            if not region.success:
                warnings.append(f"{month}: {region.summary()}")
            warned = sorted({r.centre_id for r in per_centre if not r.success})
            if warned:
                warnings.append(f"{month}: centres above a tolerance beyond chance: {', '.join(warned)}")
            shares = {r.check_name: round(r.unexpected_share or 0.0, 4) for r in region.results}
            pages.append(write_quality_page(con, output.folder, month))
    for warning in runner.removal_warnings():
        context.log.warning(warning)
    yield dg.MaterializeResult(
        metadata={
            "months": ", ".join(months),
            "quality_page": dg.MetadataValue.path(str(pages[-1])),
            "data_docs": str(runner.docs_index or ""),
        }
    )
    yield dg.AssetCheckResult(
        check_name="registration_quality_suite",
        passed=not warnings,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(warnings) or "registration within the tolerated shares",
        metadata={f"latest_share_{k}": v for k, v in shares.items()},
    )
