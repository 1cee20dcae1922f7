"""Charts with matplotlib: inline SVG for the HTML page (prints sharply to PDF, needs no
script) and PNG for the workbook. Charts draw only values that may be shown: a suppressed
count is drawn as nothing, never as its value."""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from reports.swedish import number, share  # noqa: E402
from reports.tables import Chart  # noqa: E402

CENTRE_COLOUR = "#1f5f99"
REGION_COLOUR = "#9a9a9a"
WOMEN_COLOUR = "#c0504d"
MEN_COLOUR = "#4f81bd"
TARGET_COLOUR = "#2e7d32"

plt.rcParams.update({"font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                     "svg.fonttype": "none", "svg.hashsalt": "baspaket"})


def _finish(fig, title: str) -> Chart:
    fig.tight_layout()
    svg_buffer, png_buffer = io.StringIO(), io.BytesIO()
    fig.savefig(svg_buffer, format="svg", metadata={"Date": None})
    fig.savefig(png_buffer, format="png", dpi=110)
    plt.close(fig)
    svg = svg_buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # inline: no XML prolog or doctype
    svg = re.sub(r'width="[\d.]+pt" height="[\d.]+pt"', 'width="100%"', svg, count=1)
    return Chart(title, svg, png_buffer.getvalue())


def _numbers(values):
    return [v if isinstance(v, (int, float)) and v == v else None for v in values]


def pyramid(bands: list[str], women: list, men: list, title: str) -> Chart:
    """Women to the left, men to the right; suppressed bands are drawn empty."""
    fig, ax = plt.subplots(figsize=(5.2, 4.2))
    w = [v or 0 for v in _numbers(women)]
    m = [v or 0 for v in _numbers(men)]
    ax.barh(bands, [-v for v in w], color=WOMEN_COLOUR, label="Kvinnor")
    ax.barh(bands, m, color=MEN_COLOUR, label="Män")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number(abs(x))))
    ax.axvline(0, color="black", linewidth=0.6)
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _finish(fig, title)


def trend(periods: list[str], series: dict[str, list], title: str, as_share: bool = False,
          target: float | None = None, national: float | None = None) -> Chart:
    fig, ax = plt.subplots(figsize=(6.0, 2.8))
    colours = [CENTRE_COLOUR, REGION_COLOUR]
    for (label, values), colour in zip(series.items(), colours):
        ax.plot(periods, _numbers(values), marker="o", markersize=3, label=label, color=colour)
    if target is not None:
        ax.axhline(target, color=TARGET_COLOUR, linestyle="--", linewidth=1, label="Mål")
    if national is not None:
        ax.axhline(national, color=REGION_COLOUR, linestyle=":", linewidth=1, label="Riket")
    if as_share:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: share(y, 1)))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: number(y)))
    ax.tick_params(axis="x", rotation=45)
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=8)
    return _finish(fig, title)


def compare_bars(labels: list[str], centre: list, region: list, title: str, centre_label: str,
                 as_share: bool = False) -> Chart:
    """The centre beside the region, one pair of bars per label."""
    fig, ax = plt.subplots(figsize=(6.0, 0.35 * len(labels) + 1.2))
    y = range(len(labels))
    ax.barh([i + 0.2 for i in y], [v or 0 for v in _numbers(centre)], height=0.4, color=CENTRE_COLOUR,
            label=centre_label)
    ax.barh([i - 0.2 for i in y], [v or 0 for v in _numbers(region)], height=0.4, color=REGION_COLOUR,
            label="Regionen")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    if as_share:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: share(x, 0)))
    ax.set_title(title)
    ax.legend(frameon=False, fontsize=8)
    return _finish(fig, title)
