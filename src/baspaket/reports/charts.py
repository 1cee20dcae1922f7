"""Charts: what each shows (`Chart`, data only), and its drawing as inline SVG for the HTML page
(prints sharply to PDF, needs no script). The workbook draws the same data as native Excel charts
(excel.py). Charts hold only values that may be shown: a suppressed count is drawn as nothing.

The SVG is written directly, not through matplotlib: three simple chart kinds cost a few
milliseconds instead of a quarter of a second per centre, which is most of a baspaket's time."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from baspaket.reports.swedish import number, share, short_month
from baspaket.reports.tables import BARS, FUNNEL, LINE, PYRAMID, SHARE, SPC, Chart, missing, ratio

CENTRE_COLOUR = "#1f5f99"
REGION_COLOUR = "#9a9a9a"
WOMEN_COLOUR = "#c0504d"
MEN_COLOUR = "#4f81bd"
TARGET_COLOUR = "#2e7d32"
LIMIT_COLOUR = "#c62828"
SPECIAL_CAUSE_COLOUR = "#e46c0a"  # Making Data Count's orange: a month outside the limits
_FONT = 'font-family="sans-serif" font-size="11"'
_CHAR_WIDTH = 6.2  # average width of a character at 11 px, for laying out labels


def _numbers(values):
    return [v if isinstance(v, (int, float)) and v == v else None for v in values]


def _clean(values) -> list[float | None]:
    return [float(v) if v is not None else None for v in _numbers(values)]


def pyramid(bands: list[str], women: list, men: list, title: str) -> Chart:
    """Women to the left, men to the right; suppressed bands are drawn empty."""
    return Chart(title, PYRAMID, list(bands), {"Kvinnor": _clean(women), "Män": _clean(men)})


def trend(
    periods: list[str],
    series: dict[str, list],
    title: str,
    as_share: bool = False,
    target: float | None = None,
    national: float | None = None,
) -> Chart:
    return Chart(
        title,
        LINE,
        list(periods),
        {k: _clean(v) for k, v in series.items()},
        as_share,
        None if target is None else float(target),
        None if national is None else float(national),
    )


def compare_bars(
    labels: list[str], centre: list, region: list, title: str, centre_label: str, as_share: bool = False
) -> Chart:
    """The centre beside the region, one pair of bars per label."""
    return Chart(title, BARS, list(labels), {centre_label: _clean(centre), "Regionen": _clean(region)}, as_share)


# Spiegelhalter's funnel plot: the region's share p0 and, at each denominator n, the limits
# p0 +/- z sqrt(p0 (1 - p0) / n) at 95 % and 99.8 %.
FUNNEL_LIMITS = {"95 %": 1.959964, "99,8 %": 3.090232}
FUNNEL_GRID_POINTS = 60


def funnel_limit(p0: float, n: float, z: float) -> tuple[float, float]:
    """The (lower, upper) funnel limit at denominator `n`, within 0-1."""
    half = z * math.sqrt(p0 * (1 - p0) / n)
    return max(0.0, p0 - half), min(1.0, p0 + half)


def outside_funnel(p0: float, n: float, share: float, z: float = FUNNEL_LIMITS["99,8 %"]) -> bool:
    """A centre outside the funnel's limits at `z` (by default the outer 99.8 %)."""
    low, high = funnel_limit(p0, n, z)
    return share < low or share > high


# The funnel's lines, (colour, dashed) by name: the centre line and each pair of limits.
FUNNEL_STYLES = {"Regionen": (REGION_COLOUR, False), "95 %": (TARGET_COLOUR, True), "99,8 %": (LIMIT_COLOUR, True)}


def funnel_style(series: str) -> tuple[str, bool]:
    """(colour, dashed) of a funnel series: `95 % nedre` is drawn as `95 %`."""
    return FUNNEL_STYLES[series.removesuffix(" nedre").removesuffix(" övre")]


def funnel(points: list[tuple[str, float, float]], p0: float, title: str) -> Chart:
    """Each centre's share (y) against its denominator (x), with the region's share as the centre
    line and the 95 % and 99.8 % limits drawn over the denominators up to the largest."""
    largest = max((n for _, n, _ in points), default=100.0)
    grid = sorted({max(5.0, round(largest * 1.05 * i / FUNNEL_GRID_POINTS)) for i in range(1, FUNNEL_GRID_POINTS + 1)})
    series: dict[str, list[float | None]] = {"Regionen": [p0] * len(grid)}
    for name, z in FUNNEL_LIMITS.items():
        limits = [funnel_limit(p0, n, z) for n in grid]
        series[f"{name} nedre"] = [low for low, _ in limits]
        series[f"{name} övre"] = [high for _, high in limits]
    return Chart(title, FUNNEL, grid, series, as_share=True, points=[(c, float(n), float(v)) for c, n, v in points])


# An SPC chart's series after the monthly share: (colour, dash) of each, by name; the share is
# drawn as a trend's first line.
SPC_SERIES = {
    "Mittlinje": (REGION_COLOUR, ""),
    "Nedre styrgräns": (LIMIT_COLOUR, "6 3"),
    "Övre styrgräns": (LIMIT_COLOUR, "6 3"),
}


def spc(periods: list[str], shares: list, centre_line: float, lower: list, upper: list, title: str) -> Chart:
    """A p-chart: the monthly share (None where it may not be shown), the centre line and each
    month's control limits (marts.access_spc_chart)."""
    return Chart(
        title,
        SPC,
        list(periods),
        {
            "Andel": _clean(shares),
            "Mittlinje": [float(centre_line)] * len(periods),
            "Nedre styrgräns": _clean(lower),
            "Övre styrgräns": _clean(upper),
        },
        as_share=True,
    )


def spc_of(points, title: str) -> Chart | None:
    """The p-chart of one centre and indicator from its rows of marts.access_spc_chart (a
    DataFrame in month order). A month whose share may not be shown (fewer than 20) is a gap,
    limits included; no chart when the centre line itself may not be shown."""
    if points.empty or ratio(points.centre_line.iloc[0], points.window_denominator.iloc[0])[0].fmt != SHARE:
        return None
    shown = [ratio(v, n)[0].fmt == SHARE for v, n in zip(points.value, points.denominator)]
    keep = lambda column: [v if ok else None for v, ok in zip(points[column], shown)]  # noqa: E731
    return spc(
        [short_month(p) for p in points.point_period],
        keep("value"),
        float(points.centre_line.iloc[0]),
        keep("lower_limit"),
        keep("upper_limit"),
        title,
    )


def funnel_of(
    rows: list[tuple[str, float, float]], p0: float | None, title: str
) -> tuple[Chart | None, list[tuple[str, float, float]]]:
    """The funnel plot of (centre, share, denominator) rows around the region's share `p0`, and
    the rows outside its 99.8 % limits. A share that may not be shown (denominator below 20) is
    not a point; (None, []) without p0 or without a point."""
    if p0 is None or missing(p0):
        return None, []
    points = [
        (name, float(n), float(value))
        for name, value, n in rows
        if not missing(value) and not missing(n) and n > 0 and ratio(value, n)[0].fmt == SHARE
    ]
    if not points:
        return None, []
    outside = [(name, value, n) for name, n, value in points if outside_funnel(p0, n, value)]
    return funnel(points, p0, title), outside


def svg(chart: Chart) -> str:
    """The chart as inline SVG."""
    return {LINE: _draw_trend, SPC: _draw_trend, BARS: _draw_bars, PYRAMID: _draw_pyramid, FUNNEL: _draw_funnel}[
        chart.kind
    ](chart)


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering low..high (1, 2 or 5 times a power of ten apart)."""
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int(math.ceil((high - first) / step)) + 1)]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" {_FONT}>'
        f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13">{escape(title)}</text>'
        + "".join(body)
        + "</svg>"
    )


def _legend(items: list[tuple[str, str, str]], x: float, y: float, across: float = 0) -> list[str]:
    """(label, colour, dash) entries from (x, y): stacked, or in a row `across` pixels apart."""
    out = []
    for i, (label, colour, dash) in enumerate(items):
        lx, ly = x + across * i, y + (0 if across else 16 * i)
        out.append(
            f'<line x1="{lx:.1f}" y1="{ly}" x2="{lx + 18:.1f}" y2="{ly}" stroke="{colour}" stroke-width="2"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        out.append(f'<text x="{lx + 23:.1f}" y="{ly + 4}">{escape(label)}</text>')
    return out


def _draw_trend(chart: Chart) -> str:
    width, height, left, right, top, bottom = 640, 300, 58, 20, 30, 70
    values = [v for series in chart.series.values() for v in series if v is not None]
    values += [v for v in (chart.target, chart.national) if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    ticks = _nice_ticks(low, high)
    y0, y1 = ticks[0], ticks[-1]
    n = len(chart.categories)
    x_of = lambda i: left + (width - left - right) * (i / (n - 1) if n > 1 else 0.5)  # noqa: E731
    y_of = lambda v: top + (height - top - bottom) * (1 - (v - y0) / ((y1 - y0) or 1))  # noqa: E731
    label = (lambda v: share(v, 0 if y1 - y0 >= 0.05 else 1)) if chart.as_share else number  # noqa: E731
    body = []
    for t in ticks:
        body.append(f'<line x1="{left}" y1="{y_of(t):.1f}" x2="{width - right}" y2="{y_of(t):.1f}" stroke="#e0e0e0"/>')
        body.append(f'<text x="{left - 6}" y="{y_of(t) + 4:.1f}" text-anchor="end">{escape(label(t))}</text>')
    step = max(1, math.ceil(n / 13))
    for i, category in enumerate(chart.categories):
        if i % step == 0:
            body.append(
                f'<text transform="translate({x_of(i):.1f},{height - bottom + 14}) rotate(-45)" '
                f'text-anchor="end">{escape(str(category))}</text>'
            )
    legend = []
    styles = (
        [(CENTRE_COLOUR, ""), *SPC_SERIES.values()] if chart.kind == SPC else [(CENTRE_COLOUR, ""), (REGION_COLOUR, "")]
    )
    for i_series, ((name, series), (colour, dash)) in enumerate(zip(chart.series.items(), styles)):
        runs: list[list[str]] = []
        run: list[str] = []
        for i, v in enumerate(series):  # a value that may not be shown is a gap in the line
            if v is None:
                runs, run = runs + [run] if run else runs, []
            else:
                run.append(f"{x_of(i):.1f},{y_of(v):.1f}")
        runs += [run] if run else []
        for points in runs:
            body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
        if chart.kind != SPC or i_series == 0:
            body += [
                f'<circle cx="{x_of(i):.1f}" cy="{y_of(v):.1f}" r="2.5" fill="{_point_colour(chart, i, colour)}"/>'
                for i, v in enumerate(series)
                if v is not None
            ]
        legend.append((name, colour, dash))
    for name, value, colour, dash in (
        ("Mål", chart.target, TARGET_COLOUR, "6 3"),
        ("Riket", chart.national, REGION_COLOUR, "2 3"),
    ):
        if value is not None:
            body.append(
                f'<line x1="{left}" y1="{y_of(value):.1f}" x2="{width - right}" y2="{y_of(value):.1f}" '
                f'stroke="{colour}" stroke-dasharray="{dash}"/>'
            )
            legend.append((name, colour, dash))
    across = _CHAR_WIDTH * max(len(name) for name, _, _ in legend) + 40
    return _svg(width, height, chart.title, body + _legend(legend, left, height - 10, across=across))


def _point_colour(chart: Chart, i: int, colour: str) -> str:
    """An SPC chart's month outside its control limits is orange (special cause); any other
    point has its line's colour."""
    if chart.kind != SPC:
        return colour
    share, low, high = (chart.series[k][i] for k in ("Andel", "Nedre styrgräns", "Övre styrgräns"))
    outside = share is not None and low is not None and high is not None and not low <= share <= high
    return SPECIAL_CAUSE_COLOUR if outside else colour


def _label_margin(labels: Sequence[str | float]) -> float:
    """The left margin that category labels need."""
    return 12 + _CHAR_WIDTH * max((len(str(label)) for label in labels), default=4)


def _draw_bars(chart: Chart) -> str:
    left, width, right, top, row = _label_margin(chart.categories), 640, 20, 52, 26
    height = top + row * len(chart.categories) + 30
    values = [v for series in chart.series.values() for v in series if v is not None]
    ticks = _nice_ticks(0, max(values, default=1.0))
    x_of = lambda v: left + (width - left - right) * v / (ticks[-1] or 1)  # noqa: E731
    label = (lambda v: share(v, 0)) if chart.as_share else number  # noqa: E731
    body = []
    for t in ticks:
        body.append(f'<line x1="{x_of(t):.1f}" y1="{top}" x2="{x_of(t):.1f}" y2="{height - 28}" stroke="#e0e0e0"/>')
        body.append(f'<text x="{x_of(t):.1f}" y="{height - 14}" text-anchor="middle">{escape(label(t))}</text>')
    colours = [CENTRE_COLOUR, REGION_COLOUR]
    for i, category in enumerate(chart.categories):
        y = top + row * i
        body.append(f'<text x="{left - 6}" y="{y + row / 2 + 4:.1f}" text-anchor="end">{escape(str(category))}</text>')
        for j, series in enumerate(chart.series.values()):
            if series[i] is not None:
                body.append(
                    f'<rect x="{left}" y="{y + 3 + 10 * j}" width="{x_of(series[i]) - left:.1f}" '
                    f'height="10" fill="{colours[j]}"/>'
                )
    legend = _legend(
        [(name, colour, "") for name, colour in zip(chart.series, colours)],
        left,
        34,
        across=_CHAR_WIDTH * max(len(name) for name in chart.series) + 40,
    )
    return _svg(width, height, chart.title, body + legend)


def _draw_pyramid(chart: Chart) -> str:
    width, top, row, bottom = 560, 48, 16, 30
    label_width = _label_margin(chart.categories)
    height = top + row * len(chart.categories) + bottom
    women, men = ([v or 0 for v in series] for series in chart.series.values())
    ticks = _nice_ticks(0, max(women + men + [1]), 3)
    half = (width - label_width - 20) / 2
    centre = label_width + half
    x_of = lambda v: half * v / (ticks[-1] or 1)  # noqa: E731
    body = [f'<line x1="{centre}" y1="{top}" x2="{centre}" y2="{height - bottom}" stroke="black"/>']
    for t in ticks:
        for sign in (-1, 1):
            x = centre + sign * x_of(t)
            body.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle">{escape(number(t))}</text>')
    n = len(chart.categories)
    for i, category in enumerate(chart.categories):
        y = top + row * (n - 1 - i)  # the youngest at the bottom
        body.append(f'<text x="{label_width - 6}" y="{y + row - 4}" text-anchor="end">{escape(str(category))}</text>')
        body.append(
            f'<rect x="{centre - x_of(women[i]):.1f}" y="{y + 1}" width="{x_of(women[i]):.1f}" '
            f'height="{row - 2}" fill="{WOMEN_COLOUR}"/>'
        )
        body.append(
            f'<rect x="{centre}" y="{y + 1}" width="{x_of(men[i]):.1f}" height="{row - 2}" fill="{MEN_COLOUR}"/>'
        )
    body.append(f'<text x="{centre - 8}" y="{top - 8}" text-anchor="end" fill="{WOMEN_COLOUR}">Kvinnor</text>')
    body.append(f'<text x="{centre + 8}" y="{top - 8}" fill="{MEN_COLOUR}">Män</text>')
    return _svg(width, height, chart.title, body)


def _draw_funnel(chart: Chart) -> str:
    width, height, left, right, top, bottom = 640, 340, 58, 20, 30, 60
    grid = [float(n) for n in chart.categories]
    p0 = chart.series["Regionen"][0] or 0.0  # funnel() sets it, never None
    shares = [v for _, _, v in chart.points] + [v for s in chart.series.values() for v in s if v is not None]
    ticks = _nice_ticks(min(shares), max(shares))
    y0, y1 = ticks[0], ticks[-1]
    x_ticks = _nice_ticks(0, max(grid))
    x_of = lambda n: left + (width - left - right) * n / (x_ticks[-1] or 1)  # noqa: E731
    y_of = lambda v: top + (height - top - bottom) * (1 - (v - y0) / ((y1 - y0) or 1))  # noqa: E731
    body = []
    for t in ticks:
        body.append(f'<line x1="{left}" y1="{y_of(t):.1f}" x2="{width - right}" y2="{y_of(t):.1f}" stroke="#e0e0e0"/>')
        body.append(f'<text x="{left - 6}" y="{y_of(t) + 4:.1f}" text-anchor="end">{escape(share(t, 0))}</text>')
    for t in x_ticks:
        body.append(
            f'<text x="{x_of(t):.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(number(t))}</text>'
        )
    body.append(
        f'<text x="{(left + width - right) / 2}" y="{height - bottom + 32}" text-anchor="middle">Antal (nämnare)</text>'
    )
    for name, values in chart.series.items():
        colour, dashed = funnel_style(name)
        dash = "6 3" if dashed else ""
        line = " ".join(f"{x_of(n):.1f},{y_of(v):.1f}" for n, v in zip(grid, values) if v is not None)
        body.append(
            f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="1.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
    for centre, n, value in chart.points:
        outside = outside_funnel(p0, n, value)
        body.append(
            f'<circle cx="{x_of(n):.1f}" cy="{y_of(value):.1f}" r="3.5" '
            f'fill="{LIMIT_COLOUR if outside else CENTRE_COLOUR}"><title>{escape(centre)}</title></circle>'
        )
        if outside:  # the centres outside the 99.8 % limits are named on the plot
            body.append(f'<text x="{x_of(n) + 6:.1f}" y="{y_of(value) + 4:.1f}">{escape(centre)}</text>')
    legend = [(name, colour, "6 3" if dashed else "") for name, (colour, dashed) in FUNNEL_STYLES.items()]
    return _svg(width, height, chart.title, body + _legend(legend, left, height - 8, across=110))
