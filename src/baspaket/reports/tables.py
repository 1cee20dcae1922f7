"""What a report shows, independent of the file format: sections of tables and charts whose
cells already obey the disclosure rules. The Excel and HTML writers only lay these out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date as calendar_date
from datetime import datetime
from typing import Any, NamedTuple, cast

import pandas as pd

from baspaket.reports import disclosure
from baspaket.reports.swedish import number as swedish_number
from baspaket.reports.swedish import share as swedish_share

# Cell formats the writers know.
TEXT, COUNT, SHARE, DECIMAL, PER_1000, DATE, SUPPRESSED, POINTS = (
    "text",
    "count",
    "share",
    "decimal",
    "per_1000",
    "date",
    "suppressed",
    "points",
)


class Cell(NamedTuple):
    """One table cell. A named tuple, immutable as a frozen dataclass but made in a third of
    its time: a centre's baspaket makes about 12 000 cells, most of them its worklist's
    (docs/performance.md)."""

    value: object
    fmt: str = TEXT
    warn: bool = False  # drawn with a marker: the figure misses its target
    of_persons: bool = False  # a count of persons (disclosure: 1–4 never shown)
    denominator: float | None = None  # a ratio's denominator (disclosure: below 20 never shown)
    prefix: str = ""  # shown before the number, which stays a number (a target: `≥ 85,0 %`)
    numeric_text: bool = False  # text that reads as a number (an interval `3,9–4,2`): set as one, on one line

    @property
    def is_empty(self) -> bool:
        return missing(self.value)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""


# Chart kinds: a line per series over time, a pair of bars per label, an age pyramid, a funnel
# plot (each centre's share against its denominator, with the region's control limits), and an
# SPC chart (a p-chart: the monthly share, its centre line and each month's control limits).
LINE, BARS, PYRAMID, FUNNEL, SPC = "line", "bars", "pyramid", "funnel", "spc"


@dataclass
class Chart:
    """What a chart shows, as data: the HTML writer draws it as SVG (src/baspaket/reports/charts.py), the
    Excel writer as a native chart over the same numbers written on the sheet. A value that may
    not be shown is None: drawn as a gap, never as its value."""

    title: str
    kind: str  # LINE, BARS, PYRAMID, FUNNEL or SPC
    categories: Sequence[str | float]  # for a FUNNEL: the denominators its limit curves are drawn at
    series: dict[str, list[float | None]]
    as_share: bool = False
    target: float | None = None  # a horizontal line: the target
    national: float | None = None  # a horizontal line: the national value
    points: list[tuple[str, float, float]] = field(default_factory=list)  # FUNNEL: (centre, denominator, share)


@dataclass
class Section:
    key: str  # the worksheet's name
    title: str
    intro: str = ""
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def as_text(cell: Cell) -> str:
    """A cell as Swedish text: space as thousands separator, decimal comma, %, ISO dates. The
    HTML page shows this; the workbook stores the number and lets Excel's format show the same."""
    value = cast(Any, cell.value)  # a number for the number formats, a date for DATE
    if cell.fmt == TEXT and isinstance(value, str):
        return cell.prefix + value  # most cells (a worklist's), answered first
    if cell.is_empty:
        return ""
    if cell.fmt == COUNT:
        shown = swedish_number(value)
    elif cell.fmt == SHARE:
        shown = swedish_share(value)
    elif cell.fmt == DECIMAL:
        shown = swedish_number(value, 2)
    elif cell.fmt == PER_1000:
        shown = swedish_number(value, 1)
    elif cell.fmt == POINTS:
        shown = ("+" if value > 0 else "") + swedish_number(100 * value, 1) + " p.e."
    elif cell.fmt == DATE:
        shown = value.strftime("%Y-%m-%d")  # a date or a timestamp
    else:
        shown = str(value)
    return cell.prefix + shown


def text(value) -> Cell:
    return Cell("" if missing(value) else str(value), TEXT)


def missing(value) -> bool:
    """None, NaN, pandas' NA or NaT. Asked of every cell of every report, several times: text
    and floats, most cells, are answered without pandas."""
    if value is None:
        return True
    if isinstance(value, (str, int)):
        return False
    if isinstance(value, (float, calendar_date)):
        return value != value  # NaN, and NaT (a date to Python) is not equal to itself either
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def persons(value) -> Cell:
    """A count of persons: 1–4 is shown as <5."""
    shown = disclosure.person_count(None if missing(value) else float(value))
    if isinstance(shown, str):
        return Cell(shown, SUPPRESSED, of_persons=True)
    return Cell(None if shown is None else int(shown), COUNT, of_persons=True)


def count(value) -> Cell:
    """A count of contacts or calls (not persons): shown as it is."""
    return Cell(None if missing(value) else int(value), COUNT)


def ratio(value, denominator, fmt: str = SHARE, warn: bool = False) -> tuple[Cell, str]:
    """A ratio and the reason when it is suppressed (denominator below 20)."""
    shown, reason = disclosure.ratio(
        None if missing(value) else float(value), None if missing(denominator) else float(denominator)
    )
    den = None if missing(denominator) else float(denominator)
    if isinstance(shown, str):
        return Cell(shown, SUPPRESSED, denominator=den), reason or ""
    return Cell(shown, fmt, warn=warn, denominator=den), ""


FORMAT_OF_KIND = {"count": COUNT, "ratio": SHARE, "mean": DECIMAL, "cni": DECIMAL, "per_1000": PER_1000}


def is_shown(cell: Cell) -> bool:
    """Whether a value cell shows its value: not empty, not hidden by the disclosure rules. An
    interval or a comparison is printed only beside a value that is shown."""
    return not cell.is_empty and cell.fmt != SUPPRESSED


def interval_format(kind: str) -> str:
    """The format of an indicator's interval limits: its own, but a count's Poisson limits are
    not whole numbers, and get one decimal (PER_1000's format)."""
    fmt = FORMAT_OF_KIND.get(kind, DECIMAL)
    return PER_1000 if fmt == COUNT else fmt


def indicator_cell(kind: str, is_person_count: bool, value, denominator, warn: bool = False) -> tuple[Cell, str]:
    """A value of marts.indicator_report as it may be shown, by the catalogue's kind: a count of
    persons as persons (1–4 hidden), another count as it is, anything else as a ratio (hidden on
    a denominator below 20); and the reason when it is hidden."""
    if kind == "count":
        return (persons(value) if is_person_count else count(value)), ""
    return ratio(value, denominator, FORMAT_OF_KIND.get(kind, DECIMAL), warn=warn)


def number(value, fmt: str = DECIMAL, prefix: str = "") -> Cell:
    return Cell(None if missing(value) else float(value), fmt, prefix=prefix)


def target_cell(target_value, target_rule) -> Cell:
    """A target level as a share with its rule before it (`≥ 85,0 %`, `< 10,0 %`)."""
    if missing(target_value):
        return text("")
    return number(target_value, SHARE, prefix={"min": "≥ ", "max": "< "}.get(target_rule or "", ""))


def date(value) -> Cell:
    if missing(value):
        return Cell(None, DATE)
    if not isinstance(value, calendar_date):
        value = pd.Timestamp(value)
    return Cell(value.date() if isinstance(value, datetime) else value, DATE)


def persons_and_share(flagged, share, checked) -> list[Cell]:
    """A count of persons and its share; the share is suppressed with the count (1–4), since
    beside a known denominator it would give the count away."""
    shown = persons(flagged)
    if shown.fmt == SUPPRESSED:
        return [shown, Cell(shown.value, SUPPRESSED)]
    return [shown, ratio(share, checked)[0]]
