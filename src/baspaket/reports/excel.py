"""Writing report sections to an Excel workbook: one worksheet per section, tables one under
the other, charts to the right. Number formats are Excel's, so a Swedish Excel shows a space
as thousands separator, a decimal comma and `%`. Charts are native Excel charts over their
numbers, written on the sheet beside them: an analyst can restyle, copy or re-plot them."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import cast

import xlsxwriter

from baspaket.reports.charts import (
    CENTRE_COLOUR,
    MEN_COLOUR,
    REGION_COLOUR,
    SPC_SERIES,
    TARGET_COLOUR,
    WOMEN_COLOUR,
    funnel_style,
)
from baspaket.reports.tables import (
    BARS,
    COUNT,
    DATE,
    DECIMAL,
    FUNNEL,
    LINE,
    PER_1000,
    POINTS,
    PYRAMID,
    SHARE,
    SPC,
    SUPPRESSED,
    TEXT,
    Chart,
    Section,
    Table,
    as_text,
)

NUMBER_FORMATS = {
    COUNT: "#,##0",
    SHARE: "0.0%",
    DECIMAL: "#,##0.00",
    PER_1000: "#,##0.0",
    DATE: "yyyy-mm-dd",
    POINTS: '+0.0" p.e.";-0.0" p.e.";0.0" p.e."',
}
EXCEL_DAY_ZERO = date(1899, 12, 30).toordinal()  # Excel's day 0 for every date from 1900-03-01 on
# A change in percentage points is a difference of shares (0–1); Excel cannot scale a number by
# 100 without also printing `%`, so the cell holds the points themselves.
SCALE = {POINTS: 100.0}


class _Formats:
    """The workbook's cell formats, made once each, and its table names."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.title = wb.add_format({"bold": True, "font_size": 16})
        self.section = wb.add_format({"bold": True, "font_size": 13})
        self.intro = wb.add_format({"italic": True, "font_color": "#555555"})
        self.notice = wb.add_format({"bold": True, "font_color": "#7a4f00", "bg_color": "#fff3cd"})
        self.table_title = wb.add_format({"bold": True, "font_size": 11})
        self.header = wb.add_format(
            {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = wb.add_format({"border": 1})
        # text longer than the widest column (a definition) wraps instead of running out of view
        self.long_text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.suppressed = wb.add_format({"border": 1, "align": "right", "font_color": "#777777"})
        self.note = wb.add_format({"font_color": "#555555", "text_wrap": True})
        # A pyramid's women are plotted to the left as negative numbers, shown without the sign.
        self.unsigned = wb.add_format({"border": 1, "num_format": "#,##0;#,##0"})
        self._numbers: dict[tuple[str, str, bool], object] = {}
        self._tables = 0

    def table_name(self, title: str) -> str:
        """A unique, valid Excel table name from the table's title (ASCII: Excel's rules)."""
        self._tables += 1
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^A-Za-z0-9]+", "_", ascii_title).strip("_")[:40]
        return f"T{self._tables}_{slug}" if slug else f"T{self._tables}"

    def number(self, fmt: str, prefix: str = "", warn: bool = False):
        """A number format; `prefix` is literal text before the number (`≥ 85,0 %`: a target
        that sorts and filters as the number it is)."""
        key = (fmt, prefix, warn)
        if key not in self._numbers:
            num_format = f'"{prefix}"{NUMBER_FORMATS[fmt]}' if prefix else NUMBER_FORMATS[fmt]
            properties = {"border": 1, "num_format": num_format}
            if warn:
                properties.update(bg_color="#F8D7DA", bold=True)
            self._numbers[key] = self.wb.add_format(properties)
        return self._numbers[key]


MAX_COLUMN_WIDTH = 60  # characters; a longer text wraps in its cell


def _headers(columns: list[str]) -> list[str]:
    """Excel table headers must be unique, non-empty text."""
    seen: dict[str, int] = {}
    out = []
    for name in columns:
        name = name or "–"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _write_table(ws, f: _Formats, table: Table, row: int) -> tuple[int, int]:
    """The table at `row` as an Excel table (filter buttons, banded rows) under its title;
    returns the row of its header and the next free row."""
    ws.write(row, 0, table.title, f.table_title)
    header = row + 1
    last = header + max(len(table.rows), 1)
    ws.add_table(
        header,
        0,
        last,
        len(table.columns) - 1,
        {
            "name": f.table_name(table.title),
            "style": "Table Style Light 1",
            "columns": [{"header": h, "header_format": f.header} for h in _headers(table.columns)],
        },
    )
    if not table.rows:
        ws.write_string(header + 1, 0, "Inga rader", f.note)
    for i, cells in enumerate(table.rows):
        r = header + 1 + i
        for c, cell in enumerate(cells):
            if cell.fmt == TEXT and isinstance(cell.value, str) and cell.value:
                _write_text(ws, f, r, c, cell.value)  # most cells (a worklist's), asked first
            elif cell.is_empty or cell.value == "":
                ws.write_blank(r, c, None, f.text)
            elif cell.fmt == SUPPRESSED:
                ws.write_string(r, c, str(cell.value), f.suppressed)
            elif cell.fmt == DATE:
                # Excel's serial day number, as write_datetime would store it, without its
                # conversion through a datetime per cell (a worklist's thousands of dates)
                ws.write_number(r, c, cast(date, cell.value).toordinal() - EXCEL_DAY_ZERO, f.number(DATE))
            elif cell.fmt in NUMBER_FORMATS:
                ws.write_number(
                    r,
                    c,
                    float(cast(float, cell.value)) * SCALE.get(cell.fmt, 1.0),
                    f.number(cell.fmt, cell.prefix, cell.warn),
                )
            else:
                _write_text(ws, f, r, c, str(cell.value))
    row = last
    if table.note:
        row += 1
        ws.write(row, 0, table.note, f.note)
    return header, row + 2


def _write_text(ws, f: _Formats, row: int, col: int, value: str) -> None:
    """Text in its cell; longer than the widest column, it wraps (a definition)."""
    ws.write_string(row, col, value, f.long_text if len(value) > MAX_COLUMN_WIDTH else f.text)


def _column_widths(tables: list[Table]) -> dict[int, float]:
    """Per column, a width that fits its longest shown value and the longest word of its
    header (headers wrap), within 8–60 characters."""
    widths: dict[int, float] = {}
    for table in tables:
        for c, name in enumerate(table.columns):
            longest_word = max((len(w) for w in name.split()), default=0)
            widths[c] = max(widths.get(c, 0), longest_word + 3)  # room for the filter button
        for cells in table.rows:
            for c, cell in enumerate(cells):
                widths[c] = max(widths.get(c, 0), len(as_text(cell)) + 2)
    # Column A holds the rows' labels (centres, indicators): wide enough for a centre's name
    # even when the sheet's tables are empty.
    widths[0] = max(widths.get(0, 0), 22)
    return {c: min(max(w, 8), MAX_COLUMN_WIDTH) for c, w in widths.items()}


_CHART_ROWS = 16  # the height of a chart in rows


def _series_colours(chart: Chart) -> list[str]:
    if chart.kind == PYRAMID:
        return [WOMEN_COLOUR, MEN_COLOUR]
    return [CENTRE_COLOUR, REGION_COLOUR, REGION_COLOUR]


CATEGORY_HEADER = {LINE: "Månad", SPC: "Månad", BARS: "Grupp", PYRAMID: "Ålder"}


def _write_funnel(wb, ws, f: _Formats, sheet: str, chart: Chart, row: int, col: int) -> int:
    """A funnel plot: the centres' points and the limit curves as two small Excel tables, and a
    native scatter chart reading both; returns the next free row."""
    ws.write(row, col, f"Diagramdata: {chart.title}", f.table_title)
    header = row + 1
    ws.add_table(
        header,
        col,
        header + len(chart.points),
        col + 2,
        {
            "name": f.table_name(f"Punkter {chart.title}"),
            "style": "Table Style Light 1",
            "columns": [{"header": h, "header_format": f.header} for h in ("Vårdcentral", "Antal", "Andel")],
        },
    )
    for i, (centre, n, value) in enumerate(chart.points):
        ws.write_string(header + 1 + i, col, centre, f.text)
        ws.write_number(header + 1 + i, col + 1, n, f.number(COUNT))
        ws.write_number(header + 1 + i, col + 2, value, f.number(SHARE))
    curves = header + len(chart.points) + 3
    ws.add_table(
        curves,
        col,
        curves + len(chart.categories),
        col + len(chart.series),
        {
            "name": f.table_name(f"Gränser {chart.title}"),
            "style": "Table Style Light 1",
            "columns": [{"header": h, "header_format": f.header} for h in _headers(["Antal", *chart.series])],
        },
    )
    for i, category in enumerate(chart.categories):
        ws.write_number(curves + 1 + i, col, float(category), f.number(COUNT))
        for j, values in enumerate(chart.series.values()):
            ws.write_number(curves + 1 + i, col + 1 + j, values[i], f.number(SHARE))
    first, last = curves + 1, curves + len(chart.categories)

    native = wb.add_chart({"type": "scatter", "subtype": "straight"})
    for j, name in enumerate(chart.series):
        colour, dashed = funnel_style(name)
        dash = "dash" if dashed else None
        native.add_series(
            {
                "name": [sheet, curves, col + 1 + j],
                "categories": [sheet, first, col, last, col],
                "values": [sheet, first, col + 1 + j, last, col + 1 + j],
                "marker": {"type": "none"},
                "line": {"color": colour, "width": 1.25, **({"dash_type": dash} if dash else {})},
            }
        )
    if chart.points:
        native.add_series(
            {
                "name": "Vårdcentraler",
                "line": {"none": True},
                "categories": [sheet, header + 1, col + 1, header + len(chart.points), col + 1],
                "values": [sheet, header + 1, col + 2, header + len(chart.points), col + 2],
                "marker": {
                    "type": "circle",
                    "size": 5,
                    "fill": {"color": CENTRE_COLOUR},
                    "border": {"color": CENTRE_COLOUR},
                },
            }
        )
    native.set_title({"name": chart.title, "name_font": {"size": 11}})
    native.set_legend({"position": "bottom"})
    native.set_x_axis({"name": "Antal (nämnare)", "num_format": "#,##0"})
    native.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    native.set_size({"width": 560, "height": 20 * _CHART_ROWS})
    ws.insert_chart(row, col + len(chart.series) + 2, native)
    return max(last, row + _CHART_ROWS) + 3


def _write_chart(wb, ws, f: _Formats, sheet: str, chart: Chart, row: int, col: int) -> int:
    """The chart's numbers as a small Excel table at (row, col) and a native chart beside it
    reading them; returns the next free row. Values that may not be shown are blank: gaps."""
    if chart.kind == FUNNEL:
        return _write_funnel(wb, ws, f, sheet, chart, row, col)
    series = dict(chart.series)
    if chart.target is not None:
        series["Mål"] = [chart.target] * len(chart.categories)
    if chart.national is not None:
        series["Riket"] = [chart.national] * len(chart.categories)
    ws.write(row, col, f"Diagramdata: {chart.title}", f.table_title)
    header = row + 1
    ws.add_table(
        header,
        col,
        header + max(len(chart.categories), 1),
        col + len(series),
        {
            "name": f.table_name(f"Diagramdata {chart.title}"),
            "style": "Table Style Light 1",
            "columns": [
                {"header": h, "header_format": f.header} for h in _headers([CATEGORY_HEADER[chart.kind], *series])
            ],
        },
    )
    fmt = f.number(SHARE) if chart.as_share else f.number(COUNT if chart.kind == PYRAMID else PER_1000)
    for i, category in enumerate(chart.categories):
        ws.write_string(header + 1 + i, col, str(category), f.text)
        for j, values in enumerate(series.values()):
            value = values[i]
            if value is None:
                ws.write_blank(header + 1 + i, col + 1 + j, None, f.text)
            elif chart.kind == PYRAMID:
                ws.write_number(header + 1 + i, col + 1 + j, -value if j == 0 else value, f.unsigned)
            else:
                ws.write_number(header + 1 + i, col + 1 + j, value, fmt)
    first, last = header + 1, header + len(chart.categories)

    is_line = chart.kind in (LINE, SPC)
    native = wb.add_chart({"type": "line" if is_line else "bar"})
    colours = _series_colours(chart)
    for j, name in enumerate(series):
        options: dict[str, object] = {
            "name": [sheet, header, col + 1 + j],
            "categories": [sheet, first, col, last, col],
            "values": [sheet, first, col + 1 + j, last, col + 1 + j],
        }
        if is_line:
            colour = TARGET_COLOUR if name == "Mål" else colours[min(j, len(colours) - 1)]
            dash = {"Mål": "dash", "Riket": "round_dot"}.get(name)
            if chart.kind == SPC and name in SPC_SERIES:
                colour = SPC_SERIES[name][0]
                dash = "dash" if SPC_SERIES[name][1] else "solid"  # a line without markers
            options["line"] = {"color": colour, "width": 1.5, **({"dash_type": dash} if dash else {})}
            marker: dict[str, object] = (
                {"type": "none"}
                if dash
                else {"type": "circle", "size": 4, "fill": {"color": colour}, "border": {"color": colour}}
            )
            options["marker"] = marker
        else:
            options["fill"] = {"color": colours[j]}
            options["gap"] = 40
            if chart.kind == PYRAMID:
                options["overlap"] = 100
        native.add_series(options)
    native.set_title({"name": chart.title, "name_font": {"size": 11}})
    native.show_blanks_as("gap")
    native.set_legend({"position": "bottom"})
    number_format = "0%" if chart.as_share else ("#,##0;#,##0" if chart.kind == PYRAMID else "#,##0")
    native.set_y_axis({"num_format": number_format, "major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}})
    if chart.kind in (BARS, PYRAMID):
        native.set_x_axis({"reverse": True})  # the first category at the top, as in the table
    native.set_size({"width": 560, "height": 20 * _CHART_ROWS})
    ws.insert_chart(row, col + len(series) + 2, native)
    return max(last, row + _CHART_ROWS) + 3


def write_workbook(path: Path, title: str, sections: list[Section], about: list[str], notice: str = "") -> Path:
    """One worksheet per section: its tables one under the other as Excel tables, and its
    charts, each beside the table of numbers it reads, to the right of the widest table.
    `notice` (the figures are provisional) stands on every sheet, above its tables."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # in_memory: the parts are assembled in memory, not as a temporary file each (70 files
    # opened and removed per baspaket: 0.245 -> 0.20 s each, docs/performance.md)
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    f = _Formats(wb)
    for section in sections:
        ws = wb.add_worksheet(section.key[:31])
        for c, width in _column_widths(section.tables).items():
            ws.set_column(c, c, width)
        ws.write(0, 0, title, f.title)
        ws.write(1, 0, section.title, f.section)
        if section.intro:
            ws.write(2, 0, section.intro, f.intro)
        if notice:
            ws.write(3, 0, notice, f.notice)
        row, headers = 4, []
        for table in section.tables:
            header, row = _write_table(ws, f, table, row)
            headers.append(header)
        # One table: its header stays in view. Several: the labels in column A stay in view.
        ws.freeze_panes(headers[0] + 1 if len(headers) == 1 else 0, 1)
        chart_column = max((len(t.columns) for t in section.tables), default=0) + 1
        if section.charts:
            ws.set_column(chart_column, chart_column + 4, 13)
        chart_row = 4
        for chart in section.charts:
            chart_row = _write_chart(wb, ws, f, section.key[:31], chart, chart_row, chart_column)
    ws = wb.add_worksheet("Om rapporten")
    ws.set_column(0, 0, 120)
    ws.write(0, 0, title, f.title)
    for i, line in enumerate(about):
        ws.write(2 + i, 0, line, f.note)
    wb.close()
    return path
