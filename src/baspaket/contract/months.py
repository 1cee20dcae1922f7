"""Months as the warehouse names them, `YYYY-MM`: parsing ranges and stepping between them."""

from __future__ import annotations

import calendar
import re
from datetime import date

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def shift(month: str, n: int) -> str:
    """The month `n` months after `month` (before, when n < 0)."""
    y, m = map(int, month.split("-"))
    index = y * 12 + (m - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_day(month: str) -> date:
    """The month's last day: its reference date."""
    y, m = map(int, month.split("-"))
    return date(y, m, calendar.monthrange(y, m)[1])


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included."""
    months = [first]
    while months[-1] < last:
        months.append(shift(months[-1], 1))
    return months


def parse_month_range(text: str) -> tuple[str, str]:
    """`2025-01:2026-10` or a single `2025-03` -> (first, last)."""
    first, _, last = text.partition(":")
    last = last or first
    for m in (first, last):
        if not MONTH.match(m):
            raise ValueError(f"not a month YYYY-MM: {m!r} (expected e.g. 2025-01:2025-06)")
    if last < first:
        raise ValueError(f"the range {text!r} ends before it starts")
    return first, last
