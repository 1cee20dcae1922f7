"""Writing report sections to an Excel workbook: one worksheet per section, tables one under
the other, charts to the right. Number formats are Excel's, so a Swedish Excel shows a space
as thousands separator, a decimal comma and `%`. Charts are native Excel charts over their
numbers, written on the sheet beside them: an analyst can restyle, copy or re-plot them."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from reports.charts import CENTRE_COLOUR, MEN_COLOUR, REGION_COLOUR, TARGET_COLOUR, WOMEN_COLOUR
from reports.tables import (
    BARS,
    COUNT,
    DATE,
    DECIMAL,
    LINE,
    PER_1000,
    POINTS,
    PYRAMID,
    SHARE,
    SUPPRESSED,
    Chart,
    Section,
    Table,
)

NUMBER_FORMATS = {COUNT: "#,##0", SHARE: "0.0%", DECIMAL: "#,##0.00", PER_1000: "#,##0.0", DATE: "yyyy-mm-dd",
                  POINTS: '+0.0" p.e.";-0.0" p.e.";0.0" p.e."'}
# A change in percentage points is a difference of shares (0–1); Excel cannot scale a number by
# 100 without also printing `%`, so the cell holds the points themselves.
SCALE = {POINTS: 100.0}


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        self.title = wb.add_format({"bold": True, "font_size": 16})
        self.section = wb.add_format({"bold": True, "font_size": 13})
        self.intro = wb.add_format({"italic": True, "font_color": "#555555"})
        self.table_title = wb.add_format({"bold": True, "font_size": 11})
        self.header = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                     "valign": "top"})
        self.text = wb.add_format({"border": 1})
        self.suppressed = wb.add_format({"border": 1, "align": "right", "font_color": "#777777"})
        self.note = wb.add_format({"font_color": "#555555", "text_wrap": True})
        self.numbers = {k: wb.add_format({"border": 1, "num_format": v}) for k, v in NUMBER_FORMATS.items()}
        self.warn = {k: wb.add_format({"border": 1, "num_format": v, "bg_color": "#F8D7DA", "bold": True})
                     for k, v in NUMBER_FORMATS.items()}
        # A pyramid's women are plotted to the left as negative numbers, shown without the sign.
        self.unsigned = wb.add_format({"border": 1, "num_format": "#,##0;#,##0"})


def _write_table(ws, f: _Formats, table: Table, row: int) -> int:
    ws.write(row, 0, table.title, f.table_title)
    row += 1
    for c, name in enumerate(table.columns):
        ws.write(row, c, name, f.header)
    for cells in table.rows:
        row += 1
        for c, cell in enumerate(cells):
            if cell.is_empty:
                ws.write_blank(row, c, None, f.text)
            elif cell.fmt == SUPPRESSED:
                ws.write_string(row, c, str(cell.value), f.suppressed)
            elif cell.fmt in NUMBER_FORMATS:
                ws.write_number(row, c, float(cell.value) * SCALE.get(cell.fmt, 1.0),
                                (f.warn if cell.warn else f.numbers)[cell.fmt])
            else:
                ws.write_string(row, c, str(cell.value), f.text)
    if table.note:
        row += 1
        ws.write(row, 0, table.note, f.note)
    return row + 2


CHART_COLUMN = 10  # charts and their numbers start in column K, right of the tables
_CHART_ROWS = 16  # the height of a chart in rows


def _series_colours(chart: Chart) -> list[str]:
    if chart.kind == PYRAMID:
        return [WOMEN_COLOUR, MEN_COLOUR]
    return [CENTRE_COLOUR, REGION_COLOUR, REGION_COLOUR]


def _write_chart(wb, ws, f: _Formats, sheet: str, chart: Chart, row: int, col: int) -> int:
    """The chart's numbers as a small table at (row, col) and a native chart beside it reading
    them; returns the next free row. Values that may not be shown are blank cells: gaps."""
    series = dict(chart.series)
    if chart.target is not None:
        series["Mål"] = [chart.target] * len(chart.categories)
    if chart.national is not None:
        series["Riket"] = [chart.national] * len(chart.categories)
    ws.write(row, col, f"Diagramdata: {chart.title}", f.table_title)
    header = row + 1
    ws.write(header, col, "", f.header)
    fmt = f.numbers[SHARE] if chart.as_share else f.numbers[COUNT if chart.kind == PYRAMID else PER_1000]
    for j, name in enumerate(series):
        ws.write(header, col + 1 + j, name, f.header)
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

    native = wb.add_chart({"type": "line" if chart.kind == LINE else "bar"})
    colours = _series_colours(chart)
    for j, name in enumerate(series):
        options = {"name": [sheet, header, col + 1 + j], "categories": [sheet, first, col, last, col],
                   "values": [sheet, first, col + 1 + j, last, col + 1 + j]}
        if chart.kind == LINE:
            colour = TARGET_COLOUR if name == "Mål" else colours[min(j, len(colours) - 1)]
            dash = {"Mål": "dash", "Riket": "round_dot"}.get(name)
            options["line"] = {"color": colour, "width": 1.5, **({"dash_type": dash} if dash else {})}
            options["marker"] = {"type": "none"} if dash else {"type": "circle", "size": 4,
                                                              "fill": {"color": colour}, "border": {"color": colour}}
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
    native.set_y_axis({"num_format": number_format, "major_gridlines": {"visible": True,
                                                                        "line": {"color": "#E0E0E0"}}})
    if chart.kind in (BARS, PYRAMID):
        native.set_x_axis({"reverse": True})  # the first category at the top, as in the table
    native.set_size({"width": 560, "height": 20 * _CHART_ROWS})
    ws.insert_chart(row, col + len(series) + 2, native)
    return max(last, row + _CHART_ROWS) + 3


def write_workbook(path: Path, title: str, sections: list[Section], about: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    f = _Formats(wb)
    for section in sections:
        ws = wb.add_worksheet(section.key[:31])
        ws.set_column(0, 0, 46)
        ws.set_column(1, 8, 15)
        ws.write(0, 0, title, f.title)
        ws.write(1, 0, section.title, f.section)
        if section.intro:
            ws.write(2, 0, section.intro, f.intro)
        row = 4
        for table in section.tables:
            row = _write_table(ws, f, table, row)
        chart_row = 4
        for chart in section.charts:
            chart_row = _write_chart(wb, ws, f, section.key[:31], chart, chart_row, CHART_COLUMN)
    ws = wb.add_worksheet("Om rapporten")
    ws.set_column(0, 0, 120)
    ws.write(0, 0, title, f.title)
    for i, line in enumerate(about):
        ws.write(2 + i, 0, line, f.note)
    wb.close()
    return path
