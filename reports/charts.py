"""Charts: what each shows (`Chart`, data only), and its drawing for the HTML page with
matplotlib as inline SVG. The workbook draws the same data as native Excel charts (excel.py).
Charts hold only values that may be shown: a suppressed count is drawn as nothing."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from reports.swedish import number, share  # noqa: E402
from reports.tables import BARS, LINE, PYRAMID, Chart  # noqa: E402

CENTRE_COLOUR = "#1f5f99"
REGION_COLOUR = "#9a9a9a"
WOMEN_COLOUR = "#c0504d"
MEN_COLOUR = "#4f81bd"
TARGET_COLOUR = "#2e7d32"

plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                     "svg.fonttype": "none", "svg.hashsalt": "baspaket"})


def _finish(fig) -> str:
    fig.tight_layout()
    svg_buffer = io.StringIO()
    fig.savefig(svg_buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    svg = svg_buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # inline: no XML prolog or doctype
    return re.sub(r'width="[\d.]+pt" height="[\d.]+pt"', 'width="100%"', svg, count=1)


def _numbers(values):
    return [v if isinstance(v, (int, float)) and v == v else None for v in values]


def _clean(values) -> list[float | None]:
    return [float(v) if v is not None else None for v in _numbers(values)]


def pyramid(bands: list[str], women: list, men: list, title: str) -> Chart:
    """Women to the left, men to the right; suppressed bands are drawn empty."""
    return Chart(title, PYRAMID, list(bands), {"Kvinnor": _clean(women), "Män": _clean(men)})


def trend(periods: list[str], series: dict[str, list], title: str, as_share: bool = False,
          target: float | None = None, national: float | None = None) -> Chart:
    return Chart(title, LINE, list(periods), {k: _clean(v) for k, v in series.items()}, as_share,
                 None if target is None else float(target), None if national is None else float(national))


def compare_bars(labels: list[str], centre: list, region: list, title: str, centre_label: str,
                 as_share: bool = False) -> Chart:
    """The centre beside the region, one pair of bars per label."""
    return Chart(title, BARS, list(labels), {centre_label: _clean(centre), "Regionen": _clean(region)}, as_share)


def svg(chart: Chart) -> str:
    """The chart drawn by matplotlib as inline SVG (prints sharply to PDF, needs no script)."""
    return {LINE: _draw_trend, BARS: _draw_bars, PYRAMID: _draw_pyramid}[chart.kind](chart)


def _draw_pyramid(chart: Chart) -> str:
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    women, men = ([v or 0 for v in values] for values in chart.series.values())
    ax.barh(chart.categories, [-v for v in women], color=WOMEN_COLOUR, label="Kvinnor")
    ax.barh(chart.categories, men, color=MEN_COLOUR, label="Män")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(abs(x))))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_title(chart.title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _finish(fig)


def _draw_trend(chart: Chart) -> str:
    fig, ax = plt.subplots(figsize=(6.0, 2.8))
    for (label, values), colour in zip(chart.series.items(), [CENTRE_COLOUR, REGION_COLOUR]):
        ax.plot(chart.categories, values, marker="o", markersize=3, label=label, color=colour)
    if chart.target is not None:
        ax.axhline(chart.target, color=TARGET_COLOUR, linestyle="--", linewidth=1, label="Mål")
    if chart.national is not None:
        ax.axhline(chart.national, color=REGION_COLOUR, linestyle=":", linewidth=1, label="Riket")
    if chart.as_share:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: share(y, 1)))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: number(y)))
    ax.tick_params(axis="x", rotation=45)
    ax.set_title(chart.title)
    ax.legend(frameon=False, fontsize=8)
    return _finish(fig)


def _draw_bars(chart: Chart) -> str:
    labels = chart.categories
    fig, ax = plt.subplots(figsize=(6.0, 0.35 * len(labels) + 1.2))
    y = range(len(labels))
    (centre_label, centre), (region_label, region) = chart.series.items()
    ax.barh([i + 0.2 for i in y], [v or 0 for v in centre], height=0.4, color=CENTRE_COLOUR, label=centre_label)
    ax.barh([i - 0.2 for i in y], [v or 0 for v in region], height=0.4, color=REGION_COLOUR, label=region_label)
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    if chart.as_share:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: share(x, 0)))
    ax.set_title(chart.title)
    ax.legend(frameon=False, fontsize=8)
    return _finish(fig)
