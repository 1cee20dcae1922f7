"""The landing sensor: starts the load of a month when its delivery is complete and new, or
delivered again (any file replaced). A delivery the warehouse has already loaded from the same
files, whoever loaded it (the command line, the demo, another run), starts nothing; a tick that
cannot start a good run (no pseudonym key) is skipped with its reason."""

import json

import dagster as dg

from baspaket.ingest.delivery import find_deliveries
from baspaket.ingest.pseudonym import MissingPseudonymKey
from baspaket.orchestration.jobs import monthly_load
from baspaket.orchestration.partitions import monthly_partitions, partition_key_of
from baspaket.orchestration.resources import LandingResource, WarehouseResource
from baspaket.warehouse import has_tables


def new_deliveries(landing_folder, cursor: dict[str, str], valid_keys: set[str]):
    """(month, fingerprint) of each complete delivery that is new or changed since `cursor`,
    and the skipped incomplete or unknown months with the reason."""
    ready, waiting = [], []
    for delivery in find_deliveries(landing_folder):
        if partition_key_of(delivery.month) not in valid_keys:
            waiting.append((delivery.month, "not a partition of the warehouse (too early or in the future)"))
            continue
        if not delivery.is_complete:
            waiting.append((delivery.month, "incomplete: missing " + ", ".join(delivery.missing_files)))
            continue
        fingerprint = delivery.fingerprint()
        if cursor.get(delivery.month) != fingerprint:
            ready.append((delivery.month, fingerprint))
    return ready, waiting


def loaded_fingerprints(warehouse: WarehouseResource) -> dict[str, str]:
    """The delivery each month was last loaded from, by fingerprint, when that load built the
    month (its figures exist). Empty when there is no warehouse yet."""
    if not warehouse.file.exists():
        return {}
    with warehouse.reader() as con:
        if not has_tables(con, "audit.file_loads", "marts.indicator_values"):
            return {}
        return dict(
            con.execute(
                """
            select month, delivery_fingerprint
            from audit.file_loads
            where status = 'loaded' and delivery_fingerprint is not null
              and month in (select distinct period from marts.indicator_values)
            qualify row_number() over (partition by month order by loaded_at desc) = 1
            """
            ).fetchall()
        )


@dg.sensor(job=monthly_load, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingResource, warehouse: WarehouseResource):
    cursor = json.loads(context.cursor) if context.cursor else {}
    ready, waiting = new_deliveries(landing.folder, cursor, set(monthly_partitions.get_partition_keys()))
    for month, reason in waiting:
        context.log.info(f"{month}: waiting ({reason})")
    try:
        loaded = loaded_fingerprints(warehouse)
    except Exception as exc:  # noqa: BLE001 - a writer holds the file: ask again next tick
        return dg.SkipReason(f"the warehouse cannot be read now ({type(exc).__name__}); trying again")
    for month, fingerprint in ready:
        if loaded.get(month) == fingerprint:
            cursor[month] = fingerprint
            context.log.info(f"{month}: already loaded from these files")
    context.update_cursor(json.dumps(cursor, sort_keys=True))
    ready = [(m, f) for m, f in ready if loaded.get(m) != f]
    if not ready:
        return dg.SkipReason(f"no new complete delivery in {landing.folder}")
    try:
        landing.pseudonymiser([m for m, _ in ready])
    except MissingPseudonymKey:
        # These months stay out of the cursor, so they start once the key is there.
        return dg.SkipReason(
            f"{', '.join(m for m, _ in ready)} ready to load, but {landing.pseudonym_key_env} "
            "is not set where Dagster runs: set it (see README, Security) and the load starts"
        )
    for month, fingerprint in ready:
        cursor[month] = fingerprint
    context.update_cursor(json.dumps(cursor, sort_keys=True))
    return [
        dg.RunRequest(run_key=f"{month}:{fingerprint}", partition_key=partition_key_of(month))
        for month, fingerprint in ready
    ]
