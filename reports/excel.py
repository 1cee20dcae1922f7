"""Writing report sections to an Excel workbook: one worksheet per section, tables one under
the other, charts to the right. Number formats are Excel's, so a Swedish Excel shows a space
as thousands separator, a decimal comma and `%`."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from reports.tables import COUNT, DATE, DECIMAL, PER_1000, POINTS, SHARE, SUPPRESSED, Section, Table

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
            ws.insert_image(chart_row, 10, f"{chart.title}.png",
                            {"image_data": io.BytesIO(chart.png), "x_scale": 0.8, "y_scale": 0.8})
            chart_row += 22
    ws = wb.add_worksheet("Om rapporten")
    ws.set_column(0, 0, 120)
    ws.write(0, 0, title, f.title)
    for i, line in enumerate(about):
        ws.write(2 + i, 0, line, f.note)
    wb.close()
    return path
