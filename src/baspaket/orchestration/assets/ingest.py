"""Ingest: one asset per export file (`raw/<file>`), loaded together per month in one
transaction, each with a blocking Great Expectations structure check."""

import dagster as dg

from baspaket.contract.schemas import EXPORTS
from baspaket.ingest.delivery import Delivery
from baspaket.ingest.loader import MonthRefused, load_month
from baspaket.ingest.pseudonym import MissingPseudonymKey
from baspaket.ingest.reference import ReferenceRefused
from baspaket.orchestration.partitions import MONTHS_PER_RUN, monthly_partitions, months_of
from baspaket.orchestration.resources import LandingResource, OutputResource, ReferenceResource, WarehouseResource
from baspaket.quality.validation import GxRunner, publishing, store_results, validate_structure

RAW_KEYS = {spec.table: dg.AssetKey(["raw", spec.table]) for spec in EXPORTS}
STRUCTURE_CHECK = "structure"


@dg.multi_asset(
    name="raw_exports",
    specs=[
        dg.AssetSpec(
            RAW_KEYS[spec.table],
            group_name="raw",
            kinds={"duckdb", "csv"},
            description=f"`{spec.file}`: {spec.description}. Personnummer pseudonymised, "
            "rejects in audit.rejects, counts in audit.file_loads.",
        )
        for spec in EXPORTS
    ],
    check_specs=[
        dg.AssetCheckSpec(
            STRUCTURE_CHECK,
            asset=RAW_KEYS[spec.table],
            blocking=True,
            description="Great Expectations structure suite: rows present, keys unique, "
            "required values present, reject share below the limit.",
        )
        for spec in EXPORTS
    ],
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=MONTHS_PER_RUN),
)
def raw_exports(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing: LandingResource,
    output: OutputResource,
    reference: ReferenceResource,
):
    months = months_of(context)
    try:
        pseudonymiser = landing.pseudonymiser(months)
    except MissingPseudonymKey as exc:
        raise dg.Failure(description=str(exc)) from None
    # The reference files first: a broken one stops the run before a row is read or written.
    try:
        prepared = reference.prepare(strict=True)
    except ReferenceRefused as refused:
        raise dg.Failure(description=str(refused)) from None
    for warning in prepared.warnings:
        context.log.warning(warning)
    runner = GxRunner(output.data_docs_folder)
    totals = {spec.table: {"rows_read": 0, "rows_loaded": 0, "rows_rejected": 0} for spec in EXPORTS}
    failures: dict[str, list[str]] = {spec.table: [] for spec in EXPORTS}
    with warehouse.writer(log=context.log.info) as con, publishing(runner):
        for month in months:
            delivery = Delivery(month, landing.folder / month)

            def reading(file: str, month: str = month) -> None:
                context.log.debug(f"{month}: reading {file}")

            try:
                loaded = load_month(con, delivery, pseudonymiser, on_file=reading)
            except MonthRefused as refused:
                raise dg.Failure(
                    description=str(refused), metadata={"month": month, "landing": str(delivery.folder)}
                ) from None
            for warning in loaded.warnings:
                context.log.warning(f"{month}: {warning}")
            context.log.info(
                f"{month}: read {loaded.rows_read}, loaded {loaded.rows_loaded}, rejected {loaded.rows_rejected}"
            )
            for f in loaded.files.values():
                t = totals[f.file.removesuffix(".csv")]
                t["rows_read"] += f.rows_read
                t["rows_loaded"] += f.rows_loaded
                t["rows_rejected"] += f.rows_rejected
            outcomes = validate_structure(con, month, runner)
            store_results(
                con, month, [o.suite for o in outcomes.values()], [r for o in outcomes.values() for r in o.results]
            )
            for table, outcome in outcomes.items():
                if not outcome.success:
                    failures[table].append(f"{month}: {outcome.summary()}")
    for warning in runner.removal_warnings():
        context.log.warning(warning)
    for spec in EXPORTS:
        yield dg.MaterializeResult(
            asset_key=RAW_KEYS[spec.table], metadata={"months": ", ".join(months), **totals[spec.table]}
        )
        yield dg.AssetCheckResult(
            asset_key=RAW_KEYS[spec.table],
            check_name=STRUCTURE_CHECK,
            passed=not failures[spec.table],
            severity=dg.AssetCheckSeverity.ERROR,
            description="; ".join(failures[spec.table]) or "all structure checks passed",
            metadata={"months": ", ".join(months)},
        )
