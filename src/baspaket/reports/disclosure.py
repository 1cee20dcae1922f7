"""Disclosure control for everything that leaves the warehouse (indicators.md).

- A count of persons between 1 and 4 is shown as `<5`.
- A ratio whose denominator is below 20 is shown as `..`, with the reason beside it.
The warehouse keeps the exact values; only what is rendered is suppressed.
"""

from __future__ import annotations

import math

SMALL_COUNT = "<5"
SUPPRESSED = ".."
MIN_PERSONS = 5
MIN_DENOMINATOR = 20
REASON_SMALL_DENOMINATOR = f"färre än {MIN_DENOMINATOR} i nämnaren"


def person_count(value: float | None) -> float | str | None:
    """A count of persons as it may be shown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return SMALL_COUNT if 0 < value < MIN_PERSONS else value


def ratio(value: float | None, denominator: float | None) -> tuple[float | str | None, str | None]:
    """A ratio as it may be shown, and the reason when it is suppressed."""
    if denominator is None or (isinstance(denominator, float) and math.isnan(denominator)):
        return value, None
    if denominator < MIN_DENOMINATOR:
        return SUPPRESSED, REASON_SMALL_DENOMINATOR
    return value, None
