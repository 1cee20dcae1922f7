"""The board's access report: 0:an and 3:an per centre and for the region, this month and the
12 before, against the region's requirement and the national value, the centres below the
requirement, the change from last month, and the registration caveat beside each centre."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from reports import charts
from reports.swedish import month_name, short_month
from reports.tables import POINTS, SHARE, Cell, Section, Table, ratio, text

ACCESS = {"phone_same_day": "0:an – telefonkontakt samma dag",
          "assessment_within_3_days": "3:an – medicinsk bedömning inom 3 dagar"}
CAVEAT = "reg_guarantee_without_seek_date"


@dataclass
class BoardData:
    month: str
    values: pd.DataFrame  # centre_id, name, period, indicator, numerator, denominator, value
    targets: pd.DataFrame  # indicator, target_value, national_value (in force for the month)


def load_board(con: duckdb.DuckDBPyConnection, month: str) -> BoardData:
    values = con.execute(
        """
        select v.centre_id, coalesce(c.name, 'Regionen') as name, v.period, v.indicator,
               v.numerator, v.denominator, v.value
        from marts.indicator_values v
        left join reference.centres c on c.hsa_id = v.centre_id
        where v.indicator in ('phone_same_day', 'assessment_within_3_days', 'reg_guarantee_without_seek_date')
          and v.period between strftime(strptime($month || '-01', '%Y-%m-%d') - interval 12 month, '%Y-%m') and $month
        """, {"month": month}).df()
    targets = con.execute(
        "select indicator, target_value, national_value from marts.indicator_report "
        "where centre_id = 'REGION' and period = $month and indicator in ('phone_same_day', 'assessment_within_3_days')",
        {"month": month}).df()
    return BoardData(month, values, targets)


def _previous(month: str) -> str:
    y, m = map(int, month.split("-"))
    return f"{y - (m == 1):04d}-{12 if m == 1 else m - 1:02d}"


def _cell(rows: pd.DataFrame, centre_id: str, period: str, indicator: str, warn_below: float | None = None):
    hit = rows[(rows.centre_id == centre_id) & (rows.period == period) & (rows.indicator == indicator)]
    if hit.empty:
        return Cell(None, SHARE), "", None
    r = hit.iloc[0]
    below = warn_below is not None and pd.notna(r.value) and r.value < warn_below
    cell, reason = ratio(r.value, r.denominator, warn=below)
    return cell, reason, (r.value if cell.fmt == SHARE else None)


def build_sections(data: BoardData) -> list[Section]:
    sections = []
    targets = data.targets.set_index("indicator")
    centres = (data.values[["centre_id", "name"]].drop_duplicates()
               .assign(order=lambda d: d.centre_id.eq("REGION")).sort_values(["order", "name"]))
    periods = sorted(data.values.period.unique())
    previous = _previous(data.month)
    for indicator, title in ACCESS.items():
        requirement = targets.target_value.get(indicator)
        national = targets.national_value.get(indicator)
        requirement = None if pd.isna(requirement) else float(requirement)
        section = Section("0an" if indicator == "phone_same_day" else "3an", title,
                          f"Regionens krav {requirement:.0%} · riket {national:.1%}".replace(".", ",")
                          if requirement is not None and pd.notna(national) else "")
        rows, below = [], []
        for c in centres.itertuples():
            now, reason, now_value = _cell(data.values, c.centre_id, data.month, indicator, requirement)
            before, _, before_value = _cell(data.values, c.centre_id, previous, indicator)
            caveat, caveat_reason, _ = _cell(data.values, c.centre_id, data.month, CAVEAT)
            change = Cell(None, SHARE) if now_value is None or before_value is None else Cell(
                now_value - before_value, POINTS)
            rows.append([text(c.name), text(c.centre_id if c.centre_id != "REGION" else ""), now, before,
                         change, caveat, text("; ".join(x for x in (reason, caveat_reason) if x))])
            if now.warn and c.centre_id != "REGION":
                below.append([text(c.name), now])
        section.tables.append(Table(
            f"{title}, {month_name(data.month)}",
            ["Vårdcentral", "HSA-id", month_name(data.month), month_name(previous), "Förändring (procentenheter)",
             "Vårdgarantikontakter utan sökdatum", "Kommentar"], rows,
            "Sista kolumnen är registreringsförbehållet: kontakter utan sökdatum räknas inte i 3:an, "
            "så en hög andel gör måttet osäkert."))
        section.tables.append(Table(f"Under kravet ({len(below)} vårdcentraler)", ["Vårdcentral", "Värde"], below))
        trend_rows = []
        for c in centres.itertuples():
            cells = [text(c.name)]
            for p in periods:
                cell, _, _ = _cell(data.values, c.centre_id, p, indicator, requirement)
                cells.append(cell)
            trend_rows.append(cells)
        section.tables.append(Table(f"{title}, 13 månader", ["Vårdcentral", *[short_month(p) for p in periods]],
                                    trend_rows))
        region = [(_cell(data.values, "REGION", p, indicator)[2]) for p in periods]
        section.charts.append(charts.trend([short_month(p) for p in periods], {"Regionen": region},
                                           f"{title}, regionen", as_share=True, target=requirement,
                                           national=None if pd.isna(national) else float(national)))
        sections.append(section)
    return sections
