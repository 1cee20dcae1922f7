"""The monthly schedule: on the 5th at 06:00 (Stockholm), load last month's partition, in case
the sensor missed the delivery."""

import dagster as dg

from baspaket.orchestration.jobs import monthly_load

monthly_load_schedule = dg.build_schedule_from_partitioned_job(
    monthly_load,
    name="monthly_load_schedule",
    day_of_month=5,
    hour_of_day=6,
    minute_of_hour=0,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
