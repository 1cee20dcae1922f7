"""The board's access report: 0:an and 3:an per centre and for the region, this month and the
12 before, against the region's requirement and the national value, the centres below the
requirement, the change from last month, and the registration caveat beside each centre."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import duckdb
import pandas as pd

from baspaket.contract.months import shift
from baspaket.reports import charts, disclosure
from baspaket.reports.delivery import DeliveryFlag, delivery_flags
from baspaket.reports.marts import TREND_MONTHS, spc_chart
from baspaket.reports.swedish import VARIATION, month_name, short_month
from baspaket.reports.tables import COUNT, POINTS, SHARE, SUPPRESSED, Cell, Section, Table, number, ratio, text

ACCESS = {
    "phone_same_day": "0:an – telefonkontakt samma dag",
    "assessment_within_3_days": "3:an – medicinsk bedömning inom 3 dagar",
}


@dataclass
class BoardData:
    month: str
    access: pd.DataFrame  # marts.access_by_centre for the 13 months, with the centre's name
    targets: pd.DataFrame  # indicator, target_value, national_value (in force for the month)
    delivery_flags: list[DeliveryFlag]  # the month's (audit.delivery_checks)
    region_spc: pd.DataFrame  # marts.access_spc_chart of the month, REGION's rows

    @functools.cached_property
    def rows(self) -> dict[tuple[str, str, str], tuple]:
        """The access rows by (centre_id, period, indicator), the first of each."""
        rows: dict[tuple[str, str, str], tuple] = {}
        for row in self.access.itertuples(index=False):
            rows.setdefault((row.centre_id, row.period, row.indicator), row)
        return rows

    @property
    def provisional_centres(self) -> set[str]:
        """The centres whose own delivery was flagged (a flag on the region concerns them all,
        and the report's note says so)."""
        return {f.centre_id for f in self.delivery_flags if not f.is_regional}


def load_board(con: duckdb.DuckDBPyConnection, month: str) -> BoardData:
    access = con.execute(
        """
        select a.*, coalesce(c.name, 'Regionen') as name, r.lower_95, r.upper_95, r.target_comparison,
               spc.variation
        from marts.access_by_centre a
        left join reference.centres c on c.hsa_id = a.centre_id
        left join marts.indicator_report r
          on r.centre_id = a.centre_id and r.period = a.period and r.indicator = a.indicator
        left join marts.access_spc spc
          on spc.centre_id = a.centre_id and spc.period = a.period and spc.indicator = a.indicator
        where a.period between $first and $month
        """,
        {"month": month, "first": shift(month, -TREND_MONTHS + 1)},
    ).df()
    targets = con.execute(
        "select indicator, target_value, national_value from marts.indicator_report "
        "where centre_id = 'REGION' and period = $month and indicator in ('phone_same_day', 'assessment_within_3_days')",
        {"month": month},
    ).df()
    return BoardData(month, access, targets, delivery_flags(con, [month]), spc_chart(con, "REGION", month))


def _row(data: BoardData, centre_id: str, period: str, indicator: str):
    """The access row of a centre, month and indicator, or None: looked up in rows indexed
    once, as the report asks for each of 13 months of some 200 centres (filtering the frame for
    each took 5 s of the board's 5.4 s at 200 centres)."""
    return data.rows.get((centre_id, period, indicator))


def _value(row, requirement: float | None = None) -> tuple[Cell, str]:
    """The month's value, marked when it is below the requirement beyond chance: its whole 95 %
    interval below (marts.indicator_report.target_comparison = misses). A value below the
    requirement whose interval reaches it is said to be within chance, not marked."""
    if row is None:
        return Cell(None, SHARE), ""
    misses = requirement is not None and row.target_comparison == "misses"
    cell, reason = ratio(row.value, row.denominator, warn=misses)
    if (
        requirement is not None
        and row.target_comparison == "uncertain"
        and pd.notna(row.value)
        and row.value < requirement
        and cell.fmt == SHARE
    ):
        reason = "under kravet men inom slumpen (95 %-intervallet når kravet)"
    return cell, reason


def _change(row) -> Cell:
    """The change from last month, shown only when both months' ratios may be shown."""
    if row is None or pd.isna(row.change_from_previous):
        return Cell(None, POINTS)
    now, _ = ratio(row.value, row.denominator)
    before, _ = ratio(row.previous_value, row.previous_denominator)
    if SUPPRESSED in (now.fmt, before.fmt):
        return Cell(disclosure.SUPPRESSED, SUPPRESSED)
    return Cell(row.change_from_previous, POINTS)


def _funnel(data: BoardData, indicator: str, title: str):
    """The month's funnel plot of `indicator` and the centres outside its 99.8 % limits (rows for
    a table), by charts.funnel_of."""
    month = data.access[(data.access.period == data.month) & (data.access.indicator == indicator)]
    region = month[month.centre_id == "REGION"]
    p0 = None if region.empty or pd.isna(region.iloc[0].value) else float(region.iloc[0].value)
    centres = month[(month.centre_id != "REGION") & month.value.notna()].sort_values("name")
    chart, outside = charts.funnel_of(
        list(zip(centres.name, centres.value, centres.denominator)),
        p0,
        f"{title}: trattdiagram, {month_name(data.month)}",
    )
    return chart, [[text(name), ratio(value, n)[0], number(n, COUNT)] for name, value, n in outside]


def build_sections(data: BoardData) -> list[Section]:
    sections = []
    targets = data.targets.set_index("indicator")
    centres = (
        data.access[["centre_id", "name"]]
        .drop_duplicates()
        .assign(order=lambda d: d.centre_id.eq("REGION"))
        .sort_values(["order", "name"])
    )
    periods = sorted(data.access.period.unique())
    previous = shift(data.month, -1)
    for indicator, title in ACCESS.items():
        requirement = targets.target_value.get(indicator)
        national = targets.national_value.get(indicator)
        requirement = None if pd.isna(requirement) else float(requirement)
        section = Section(
            "0an" if indicator == "phone_same_day" else "3an",
            title,
            f"Regionens krav {requirement:.0%} · riket {national:.1%}".replace(".", ",")
            if requirement is not None and pd.notna(national)
            else "",
        )
        rows, below = [], []
        for c in centres.itertuples():
            row = _row(data, c.centre_id, data.month, indicator)
            now, reason = _value(row, requirement)
            before, _ = _value(_row(data, c.centre_id, previous, indicator))
            caveat, caveat_reason = (
                ratio(row.guarantee_without_seek_date_share, row.guarantee_contacts)
                if row is not None
                else (Cell(None, SHARE), "")
            )
            name = f"{c.name} (preliminär)" if c.centre_id in data.provisional_centres else c.name
            variation = VARIATION.get(row.variation, "") if row is not None and pd.notna(row.variation) else ""
            rows.append(
                [
                    text(name),
                    text(c.centre_id if c.centre_id != "REGION" else ""),
                    now,
                    before,
                    _change(row),
                    text(variation),
                    caveat,
                    text("; ".join(x for x in (reason, caveat_reason) if x)),
                ]
            )
            if now.warn and c.centre_id != "REGION":
                below.append([text(c.name), now])
        section.tables.append(
            Table(
                f"{title}, {month_name(data.month)}",
                [
                    "Vårdcentral",
                    "HSA-id",
                    month_name(data.month),
                    month_name(previous),
                    "Förändring (procentenheter)",
                    "Variation 24 mån (SPC)",
                    "Vårdgarantikontakter utan sökdatum",
                    "Kommentar",
                ],
                rows,
                "Variation: ett p-diagram över de senaste 24 månaderna med Making Data Counts regler (utanför "
                "styrgränserna, sju i rad på samma sida, sex i rad uppåt eller nedåt, två av tre nära en gräns). "
                "Särskild orsak betyder att förändringen inte är slumpen; slumpmässig variation att månadens "
                "förändring ryms i vårdcentralens vanliga variation. Kontakter utan sökdatum räknas inte i 3:an, "
                "så en hög andel gör måttet osäkert.",
            )
        )
        section.tables.append(
            Table(
                f"Under kravet bortom slumpen ({len(below)} vårdcentraler)",
                ["Vårdcentral", "Värde"],
                below,
                "Hela 95 %-intervallet under kravet. En vårdcentral vars värde är under kravet men vars intervall "
                "når det markeras inte: på så få samtal eller kontakter kan slumpen förklara skillnaden.",
            )
        )
        trend_rows = [
            [text(c.name)] + [_value(_row(data, c.centre_id, p, indicator), requirement)[0] for p in periods]
            for c in centres.itertuples()
        ]
        section.tables.append(
            Table(f"{title}, 13 månader", ["Vårdcentral", *[short_month(p) for p in periods]], trend_rows)
        )
        funnel, outside = _funnel(data, indicator, title)
        if funnel is not None:
            section.charts.append(funnel)
            section.tables.append(
                Table(
                    f"Utanför 99,8 %-gränsen i trattdiagrammet ({len(outside)} vårdcentraler)",
                    ["Vårdcentral", "Värde", "Antal"],
                    outside,
                    "Trattdiagrammet visar varje vårdcentrals värde mot dess antal samtal eller bedömningar, med "
                    "regionens värde som mittlinje och gränserna 95 % och 99,8 %. Utanför 99,8 %-gränsen skiljer sig "
                    "vårdcentralen från regionen bortom slumpen. Värden på färre än 20 visas inte.",
                )
            )
        region = [
            c.value if c.fmt == SHARE else None
            for c in (_value(_row(data, "REGION", p, indicator))[0] for p in periods)
        ]
        section.charts.append(
            charts.trend(
                [short_month(p) for p in periods],
                {"Regionen": region},
                f"{title}, regionen",
                as_share=True,
                target=requirement,
                national=None if pd.isna(national) else float(national),
            )
        )
        spc = charts.spc_of(
            data.region_spc[data.region_spc.indicator == indicator],
            f"{title}, regionen: styrdiagram (p-diagram), 24 månader",
        )
        if spc is not None:
            section.charts.append(spc)
        sections.append(section)
    return sections
