"""Months are the unit of loading: one partition per delivery month."""

import dagster as dg

# The first month any region is expected to load; earlier months would need a new start.
FIRST_MONTH = "2020-01-01"

monthly_partitions = dg.MonthlyPartitionsDefinition(start_date=FIRST_MONTH, end_offset=0)


def month_of(partition_key: str) -> str:
    """`2025-03-01` -> `2025-03`."""
    return partition_key[:7]


def partition_key_of(month: str) -> str:
    """`2025-03` -> `2025-03-01`."""
    return f"{month}-01"


def months_of(context) -> list[str]:
    """The months of a run: one, or a range when a backfill runs as a single run."""
    return [month_of(k) for k in context.partition_keys]
