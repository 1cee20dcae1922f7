"""The registry of data-quality checks: what is checked, on which frame, how strictly.

Two suites, after the OHDSI Data Quality Dashboard's pattern (a few check types crossed with a
registry of fields, each with a category, a severity and a threshold):

- `structure_<file>`: is the delivered month fit to build figures from? Row count, key
  uniqueness, required values, and the share of rows the reader rejected. Severity ERROR: a
  failure stops the downstream assets (dbt, reports).
- `registration_quality`: the registration errors of indicators.md, per contact or code row.
  Severity WARN: the figures are built, the errors reported back to the centre.

The registration rules and their tolerances are a seed (seeds/registration_rules.csv); dbt
counts each per centre (marts.registration_check_counts: the rows it applies to, the rows that
break it, the lower limit of their share); GE checks that limit against the tolerance.
"""

from __future__ import annotations

from baspaket.contract.schemas import EXPORTS, ExportSpec

ERROR, WARN = "ERROR", "WARN"

# The share of a file's rows the reader may reject before the month is held back.
MAX_REJECT_SHARE = 0.05


def structure_suite_name(spec: ExportSpec) -> str:
    return f"structure_{spec.table}"


STRUCTURE_SUITES = tuple(structure_suite_name(s) for s in EXPORTS)
