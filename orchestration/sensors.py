"""The landing sensor: starts the load of a month when its delivery is complete and new, or
delivered again (any file replaced)."""


import json

import dagster as dg

from orchestration.ingest.delivery import find_deliveries
from orchestration.jobs import monthly_load
from orchestration.partitions import monthly_partitions, partition_key_of
from orchestration.resources import LandingResource


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


@dg.sensor(job=monthly_load, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def landing_sensor(context: dg.SensorEvaluationContext, landing: LandingResource):
    cursor = json.loads(context.cursor) if context.cursor else {}
    ready, waiting = new_deliveries(landing.folder, cursor, set(monthly_partitions.get_partition_keys()))
    for month, reason in waiting:
        context.log.info(f"{month}: waiting ({reason})")
    if not ready:
        return dg.SkipReason(f"no new complete delivery in {landing.folder}")
    for month, fingerprint in ready:
        cursor[month] = fingerprint
    context.update_cursor(json.dumps(cursor, sort_keys=True))
    return [dg.RunRequest(run_key=f"{month}:{fingerprint}", partition_key=partition_key_of(month))
            for month, fingerprint in ready]
