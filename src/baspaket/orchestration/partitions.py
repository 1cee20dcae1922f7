"""Months are the unit of loading: one partition per delivery month."""

import dagster as dg

# The first month any region is expected to load; earlier months would need a new start.
FIRST_MONTH = "2020-01-01"

monthly_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, end_offset=0)

# A backlog of months is loaded in runs of at most this many consecutive months. A run builds
# its months in one `dbt build`, and the models with a trailing window (12 to 60 months) join
# every month of the run with its window: 24 months at once spilled 48 GB to disk at 2.4 M
# listed, where three at a time stay within DuckDB's memory limit.
MONTHS_PER_RUN = 3


def month_of(partition_key: str) -> str:
    """`2025-03-01` -> `2025-03`."""
    return partition_key[:7]


def partition_key_of(month: str) -> str:
    """`2025-03` -> `2025-03-01`."""
    return f"{month}-01"


def months_of(context) -> list[str]:
    """The months of a run: one, or a range of consecutive months."""
    return [month_of(k) for k in context.partition_keys]
