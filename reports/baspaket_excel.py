"""One health centre's baspaket as an Excel workbook, in Swedish: every figure of the centre
beside the region's, the disclosure rules applied to what is shown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter

from reports import disclosure
from reports.marts import CentreMonth
from reports.swedish import EXCEL_COUNT, EXCEL_DECIMAL, EXCEL_SHARE, SEX, month_name

PROFESSION_ORDER = ("Läkare", "Sjuksköterska", "Distriktssköterska", "Undersköterska", "Fysioterapeut",
                    "Arbetsterapeut", "Psykolog", "Kurator", "Dietist", "Barnmorska", "Annan")
CONTACT_TYPES = ("Besök", "Hembesök", "Telefon", "Video", "Skriftlig")


def baspaket_file_name(centre_id: str, month: str, suffix: str) -> str:
    return f"baspaket_{centre_id}_{month}.{suffix}"


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        self.title = wb.add_format({"bold": True, "font_size": 16})
        self.subtitle = wb.add_format({"italic": True, "font_color": "#555555"})
        self.header = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
        self.text = wb.add_format({"border": 1})
        self.count = wb.add_format({"border": 1, "num_format": EXCEL_COUNT})
        self.decimal = wb.add_format({"border": 1, "num_format": EXCEL_DECIMAL})
        self.share = wb.add_format({"border": 1, "num_format": EXCEL_SHARE})
        self.suppressed = wb.add_format({"border": 1, "align": "right", "font_color": "#777777"})
        self.note = wb.add_format({"font_color": "#555555", "text_wrap": True})


def _value_format(f: _Formats, kind: str, unit: str):
    if kind == "count":
        return f.count
    if unit == "share":
        return f.share
    return f.decimal


def _write_value(ws, row, col, value, fmt, f: _Formats):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        ws.write_blank(row, col, None, f.suppressed)
    elif isinstance(value, str):
        ws.write_string(row, col, value, f.suppressed)
    else:
        ws.write_number(row, col, float(value), fmt)


def _indicator_table(ws, f: _Formats, data: CentreMonth, sections: tuple[str, ...], first_row: int) -> int:
    headers = ["Indikator", data.centre_name, "Regionen", "Täljare", "Nämnare", "Kommentar"]
    for c, h in enumerate(headers):
        ws.write(first_row, c, h, f.header)
    row = first_row + 1
    rows = data.indicators[data.indicators["section"].isin(sections)]
    for r in rows.itertuples():
        fmt = _value_format(f, r.kind, r.unit)
        shown, reason = disclosure.indicator(r.kind, bool(r.person_count), r.value, r.numerator, r.denominator)
        region_shown, _ = disclosure.indicator(r.kind, bool(r.person_count), r.region_value,
                                               r.region_numerator, r.region_denominator)
        ws.write(row, 0, r.label_sv, f.text)
        _write_value(ws, row, 1, shown, fmt, f)
        _write_value(ws, row, 2, region_shown, fmt, f)
        if reason:  # the figures behind a suppressed ratio are not shown either
            ws.write_string(row, 3, disclosure.SUPPRESSED, f.suppressed)
            ws.write_string(row, 4, disclosure.SUPPRESSED, f.suppressed)
        else:
            _write_value(ws, row, 3, None if r.kind == "count" else r.numerator, f.decimal if r.kind in ("cni", "mean") else f.count, f)
            _write_value(ws, row, 4, r.denominator, f.count, f)
        ws.write(row, 5, reason or "", f.text)
        row += 1
    return row


def _population_sheet(wb, f: _Formats, data: CentreMonth) -> None:
    ws = wb.add_worksheet("Befolkning")
    ws.set_column(0, 0, 44)
    ws.set_column(1, 5, 16)
    ws.write(0, 0, f"Baspaket {data.centre_name} ({data.centre_id}), {month_name(data.month)}", f.title)
    ws.write(1, 0, "Listade personer med giltigt personnummer eller samordningsnummer per månadens sista dag.", f.subtitle)
    row = _indicator_table(ws, f, data, ("population",), 3) + 2

    # Listed persons, 13 months.
    ws.write(row, 0, "Listade personer, 13 månader", f.header)
    ws.write(row, 1, data.centre_name, f.header)
    ws.write(row, 2, "Regionen", f.header)
    trend = data.trend[data.trend["indicator"] == "listed"].sort_values("period")
    first_trend = row + 1
    for i, t in enumerate(trend.itertuples()):
        ws.write(row + 1 + i, 0, month_name(t.period), f.text)
        _write_value(ws, row + 1 + i, 1, disclosure.person_count(t.value), f.count, f)
        _write_value(ws, row + 1 + i, 2, t.region_value, f.count, f)
    last_trend = row + len(trend)
    if len(trend):
        chart = wb.add_chart({"type": "line"})
        chart.add_series({"name": data.centre_name, "categories": ["Befolkning", first_trend, 0, last_trend, 0],
                          "values": ["Befolkning", first_trend, 1, last_trend, 1], "marker": {"type": "circle"}})
        chart.set_title({"name": "Listade personer"})
        chart.set_legend({"position": "bottom"})
        ws.insert_chart(3, 7, chart, {"x_scale": 1.2, "y_scale": 1.0})
    row = last_trend + 3

    # Age-and-sex pyramid: women to the left (negative bars), men to the right.
    ws.write(row, 0, "Ålder", f.header)
    for c, h in enumerate(["Kvinnor", "Män", "Kvinnor, regionen", "Män, regionen", "(diagram) kvinnor"], start=1):
        ws.write(row, c, h, f.header)
    bands = data.pyramid.pivot_table(index=["age_band_start", "age_band"], columns="sex",
                                     values=["persons", "region_persons"], fill_value=0).sort_index()
    first = row + 1
    for i, ((_, band), vals) in enumerate(bands.iterrows()):
        r = row + 1 + i
        women = vals.get(("persons", "K"), 0)
        men = vals.get(("persons", "M"), 0)
        ws.write(r, 0, band, f.text)
        _write_value(ws, r, 1, disclosure.person_count(women), f.count, f)
        _write_value(ws, r, 2, disclosure.person_count(men), f.count, f)
        _write_value(ws, r, 3, vals.get(("region_persons", "K"), 0), f.count, f)
        _write_value(ws, r, 4, vals.get(("region_persons", "M"), 0), f.count, f)
        # The chart's helper column: suppressed counts are drawn as 0, never as their value.
        shown = disclosure.person_count(women)
        ws.write_number(r, 5, -float(shown) if not isinstance(shown, str) else 0, f.count)
    last = row + len(bands)
    if len(bands):
        chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
        chart.add_series({"name": SEX["K"], "categories": ["Befolkning", first, 0, last, 0],
                          "values": ["Befolkning", first, 5, last, 5], "fill": {"color": "#C0504D"}, "gap": 10})
        chart.add_series({"name": SEX["M"], "categories": ["Befolkning", first, 0, last, 0],
                          "values": ["Befolkning", first, 2, last, 2], "fill": {"color": "#4F81BD"}})
        chart.set_title({"name": "Ålders- och könsfördelning"})
        chart.set_x_axis({"num_format": "#,##0;#,##0"})
        chart.set_y_axis({"reverse": False, "label_position": "low"})
        chart.set_legend({"position": "bottom"})
        ws.insert_chart(20, 7, chart, {"x_scale": 1.2, "y_scale": 1.6})


def _activity_sheet(wb, f: _Formats, data: CentreMonth) -> None:
    ws = wb.add_worksheet("Verksamhet")
    ws.set_column(0, 0, 44)
    ws.set_column(1, 12, 13)
    ws.write(0, 0, f"Verksamhet, {data.centre_name}, {month_name(data.month)}", f.title)
    ws.write(1, 0, "Kontakter i primärvården utförda av vårdcentralen.", f.subtitle)
    row = _indicator_table(ws, f, data, ("activity",), 3) + 2
    for window, title in (("month", "Kontakter per yrke och kontakttyp, månaden"),
                          ("12_months", "Kontakter per yrke och kontakttyp, 12 månader")):
        ws.write(row, 0, title, f.header)
        for c, t in enumerate(CONTACT_TYPES, start=1):
            ws.write(row, c, t, f.header)
        ws.write(row, len(CONTACT_TYPES) + 1, "Totalt", f.header)
        ws.write(row, len(CONTACT_TYPES) + 2, "Totalt, regionen", f.header)
        part = data.contacts[data.contacts["time_window"] == window]
        table = part.pivot_table(index="profession", columns="contact_type", values="contacts",
                                 aggfunc="sum", fill_value=0)
        region = part.groupby("profession")["region_contacts"].sum()
        for i, profession in enumerate(PROFESSION_ORDER):
            r = row + 1 + i
            ws.write(r, 0, profession, f.text)
            total = 0
            for c, t in enumerate(CONTACT_TYPES, start=1):
                v = int(table.loc[profession, t]) if profession in table.index and t in table.columns else 0
                total += v
                ws.write_number(r, c, v, f.count)
            ws.write_number(r, len(CONTACT_TYPES) + 1, total, f.count)
            ws.write_number(r, len(CONTACT_TYPES) + 2, int(region.get(profession, 0)), f.count)
        row += len(PROFESSION_ORDER) + 3


def _about_sheet(wb, f: _Formats, data: CentreMonth) -> None:
    ws = wb.add_worksheet("Om rapporten")
    ws.set_column(0, 0, 110)
    lines = [
        (f"Baspaket för {data.centre_name} ({data.centre_id}), {month_name(data.month)}.", f.title),
        ("Siffrorna kommer från regionens datalager (marts.indicator_values). Definitionerna finns i "
         "projektets dokumentation (dbt docs) och i indicators.md.", f.note),
        (f"Röjandeskydd: antal personer 1–4 visas som {disclosure.SMALL_COUNT}; en andel vars nämnare är "
         f"mindre än {disclosure.MIN_DENOMINATOR} visas som {disclosure.SUPPRESSED} med skälet angivet. "
         "Datalagret behåller de exakta värdena.", f.note),
        ("Regionens värde är samma formel räknad över alla regionens vårdcentraler, inte ett medelvärde "
         "av vårdcentralernas värden.", f.note),
    ]
    for i, (text, fmt) in enumerate(lines):
        ws.write(i * 2, 0, text, fmt)


def write_baspaket_workbook(data: CentreMonth, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / baspaket_file_name(data.centre_id, data.month, "xlsx")
    wb = xlsxwriter.Workbook(str(path))
    f = _Formats(wb)
    _population_sheet(wb, f, data)
    _activity_sheet(wb, f, data)
    _about_sheet(wb, f, data)
    wb.close()
    return path
