"""The region's overview for its analysts and board (issue 11): every indicator of every centre
side by side with its 95 % interval and comparisons in one tidy, filterable table; a funnel plot
for every share; the age-and-sex standardised rates; the access figures' SPC verdicts; the
delivery's completeness; and, first, the centres to look at first.

It holds every centre, since it is for the region's own staff, but no persons, and the
disclosure rules apply as everywhere: a hidden value carries no interval and no verdict.
Every comparison is made in the warehouse (marts.indicator_report, marts.standardised_rates,
marts.access_spc) or by the funnel rule of src/baspaket/reports/charts.py; this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pandas as pd

from baspaket.reports import charts
from baspaket.reports.delivery import DeliveryFlag, delivery_flags
from baspaket.reports.quality_page import completeness_section
from baspaket.reports.swedish import TARGET_COMPARISON, VARIATION, compared_with_region, judged, month_name
from baspaket.reports.tables import (
    DECIMAL,
    PER_1000,
    Cell,
    Section,
    Table,
    count,
    indicator_cell,
    interval_format,
    is_shown,
    missing,
    number,
    persons,
    ratio,
    target_cell,
    text,
)

REGION = "REGION"
FUNNEL_SIDE = {"higher": "över", "lower": "under"}


@dataclass
class OverviewData:
    month: str
    # marts.indicator_report of the month, every centre and REGION, with the centre's name, the
    # catalogue's `better` and order, the region's value beside each row, and `judged_comparison`:
    # the comparison with the region of the standardised rate where one exists
    # (marts.standardised_rates), else of the crude value.
    indicators: pd.DataFrame
    standardised: pd.DataFrame  # marts.standardised_rates of the month, with the centre's name
    variation: pd.DataFrame  # marts.access_spc of the month: centre_id, name, indicator, label_sv, variation
    delivery_flags: list[DeliveryFlag] = field(default_factory=list)


def _shown_centres(alias: str) -> str:
    """The centres shown: those with anyone listed in the month (as for the baspaket), and REGION."""
    return (
        f"({alias}.centre_id = 'REGION' or {alias}.centre_id in (select centre_id from marts.population_summary "
        "where period = $month and listed > 0))"
    )


def load_overview(con: duckdb.DuckDBPyConnection, month: str) -> OverviewData:
    p = {"month": month}
    indicators = con.execute(
        f"""
        with catalogue as (
            select indicator, better, rowid as catalogue_order
            from reference.indicator_catalogue
        )
        select r.*, coalesce(c.name, 'Regionen') as name, k.better, k.catalogue_order,
               g.value as region_value, g.denominator as region_denominator,
               coalesce(s.region_comparison, r.region_comparison) as judged_comparison,
               s.region_comparison is not null as judged_standardised
        from marts.indicator_report r
        join catalogue k using (indicator)
        left join reference.centres c on c.hsa_id = r.centre_id
        left join marts.indicator_report g
          on g.centre_id = 'REGION' and g.period = r.period and g.indicator = r.indicator
        left join marts.standardised_rates s
          on s.centre_id = r.centre_id and s.period = r.period and s.measure = r.indicator
        where r.period = $month and {_shown_centres("r")}
        order by r.centre_id = 'REGION' desc, name, k.catalogue_order
        """,
        p,
    ).df()
    standardised = con.execute(
        "select s.*, coalesce(c.name, 'Regionen') as name from marts.standardised_rates s "
        f"left join reference.centres c on c.hsa_id = s.centre_id where s.period = $month and {_shown_centres('s')} "
        "order by s.centre_id = 'REGION' desc, name, s.measure desc",
        p,
    ).df()
    variation = con.execute(
        "select s.centre_id, coalesce(c.name, 'Regionen') as name, s.indicator, k.label_sv, s.variation "
        "from marts.access_spc s join reference.indicator_catalogue k using (indicator) "
        f"left join reference.centres c on c.hsa_id = s.centre_id where s.period = $month and {_shown_centres('s')}",
        p,
    ).df()
    return OverviewData(month, indicators, standardised, variation, delivery_flags(con, [month]))


def _is_shown(row) -> bool:
    """Whether the row's value may be shown (not hidden by the disclosure rules)."""
    cell, _ = indicator_cell(row.kind, bool(row.person_count), row.value, row.denominator)
    return is_shown(cell)


def _funnel_side(row, p0, shown: bool) -> str | None:
    """`higher` or `lower` when a shown share is outside the funnel's 99.8 % limits around the
    region's `p0` (src/baspaket/reports/charts.py), else None."""
    if (
        row.kind != "ratio"
        or row.interval_method != "wilson"
        or not shown
        or missing(p0)
        or missing(row.denominator)
        or row.denominator <= 0
    ):
        return None
    if not charts.outside_funnel(float(p0), float(row.denominator), float(row.value)):
        return None
    return "higher" if row.value > p0 else "lower"


def _funnel_text(better, side: str | None) -> str:
    """`utanför 99,8 %, under, sämre`; empty inside the limits."""
    if side is None:
        return ""
    verdict = judged(better, side)
    return f"utanför 99,8 %, {FUNNEL_SIDE[side]}" + (", sämre" if verdict == "worse" else ", bättre" if verdict else "")


def _denominator(row) -> Cell:
    """The denominator as it may be shown: FTE as a decimal, anything else as a count whose 1–4
    is hidden (it may be persons)."""
    if row.kind == "count" or missing(row.denominator):
        return text("")
    if row.section == "staffing":
        return number(row.denominator, DECIMAL)
    return persons(row.denominator)


def _interval(row, side: str, shown: bool) -> Cell:
    if not shown or missing(row.lower_95 if side == "lower" else row.upper_95):
        return text("")
    return number(row.lower_95 if side == "lower" else row.upper_95, interval_format(row.kind))


def tidy_section(data: OverviewData) -> Section:
    section = Section(
        "Indikatorer",
        "Alla indikatorer för alla vårdcentraler",
        "En rad per vårdcentral och indikator, med 95 %-intervall och jämförelser. Filtrera och "
        "sortera i Excel med knapparna i rubrikraden.",
    )
    p0 = data.indicators[data.indicators.centre_id == REGION].set_index("indicator")["value"]
    rows = []
    for r in data.indicators.itertuples():
        misses = r.target_comparison == "misses"
        value, reason = indicator_cell(r.kind, bool(r.person_count), r.value, r.denominator, warn=misses)
        region, _ = indicator_cell(r.kind, bool(r.person_count), r.region_value, r.region_denominator)
        shown = is_shown(value)
        is_centre = r.centre_id != REGION
        compared = compared_with_region(r.better, r.judged_comparison) if shown and is_centre else ""
        if compared and r.judged_standardised:
            compared += " (standardiserat)"
        side = _funnel_side(r, p0.get(r.indicator), shown) if is_centre else None
        rows.append(
            [
                text(r.name),
                text(r.centre_id if is_centre else ""),
                text(r.section),
                text(r.label_sv),
                text(r.indicator),
                value,
                _interval(r, "lower", shown),
                _interval(r, "upper", shown),
                _denominator(r),
                region,
                text(compared),
                target_cell(r.target_value, r.target_rule),
                text(TARGET_COMPARISON.get(r.target_comparison, "") if shown else ""),
                text(_funnel_text(r.better, side)),
                text(reason),
            ]
        )
    section.tables.append(
        Table(
            f"Indikatorer, {month_name(data.month)}",
            [
                "Vårdcentral",
                "HSA-id",
                "Avsnitt",
                "Indikator",
                "Kod",
                "Värde",
                "Nedre 95 %",
                "Övre 95 %",
                "Nämnare",
                "Regionen",
                "Jämfört med regionen",
                "Mål",
                "Jämfört med målet",
                "Trattdiagram",
                "Kommentar",
            ],
            rows,
            "Jämfört med regionen: regionens värde utanför vårdcentralens 95 %-intervall (bättre eller sämre där "
            "katalogen anger en riktning; för akutbesök det ålders- och könsstandardiserade värdet). Jämfört med "
            "målet: hela intervallet på rätt eller fel sida om målet, eller målet inom intervallet. Trattdiagram: "
            "andelen utanför 99,8 %-gränsen kring regionens värde. Intervall, jämförelser och trattdiagram visas "
            "inte för värden som döljs av röjandeskyddet.",
        )
    )
    return section


@dataclass
class _Signals:
    name: str
    centre_id: str
    outside_worse: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    concern: list[str] = field(default_factory=list)
    worse: list[str] = field(default_factory=list)
    delivery: bool = False

    def key(self) -> tuple:
        return (len(self.outside_worse), len(self.misses), len(self.concern), len(self.worse), self.delivery)


def look_first(data: OverviewData) -> list[_Signals]:
    """The centres with at least one signal beyond chance, the strongest first: outside the
    funnel's 99.8 % limits on the worse side, then missing a target beyond chance, then a special
    cause of concern in the SPC of 0:an or 3:an, then worse than the region at 95 %; a delivery
    flag is named but does not rank."""
    p0 = data.indicators[data.indicators.centre_id == REGION].set_index("indicator")["value"]
    found: dict[str, _Signals] = {}

    def signals(centre_id: str, name: str) -> _Signals:
        return found.setdefault(centre_id, _Signals(name, centre_id))

    for r in data.indicators[data.indicators.centre_id != REGION].itertuples():
        if not _is_shown(r):
            continue
        if judged(r.better, _funnel_side(r, p0.get(r.indicator), True)) == "worse":
            signals(r.centre_id, r.name).outside_worse.append(r.label_sv)
        if r.target_comparison == "misses":
            signals(r.centre_id, r.name).misses.append(r.label_sv)
        if judged(r.better, r.judged_comparison) == "worse":
            signals(r.centre_id, r.name).worse.append(r.label_sv)
    for r in data.variation[
        (data.variation.centre_id != REGION) & (data.variation.variation == "concern")
    ].itertuples():
        signals(r.centre_id, r.name).concern.append(r.label_sv)
    flagged = {f.centre_id for f in data.delivery_flags}
    for s in found.values():
        s.delivery = s.centre_id in flagged
    return sorted(found.values(), key=lambda s: (tuple(-k for k in s.key()), s.name))


def look_first_section(data: OverviewData) -> Section:
    section = Section(
        "Titta först",
        f"Vårdcentraler att titta på först, {month_name(data.month)}",
        "Bara skillnader som slumpen inte förklarar. Ordning: utanför trattdiagrammets 99,8 %-gräns "
        "på den sämre sidan, når ej målet (hela intervallet på fel sida), särskild orsak till "
        "försämring i 0:an eller 3:an (SPC), sämre än regionen (95 %).",
    )
    rows = [
        [
            text(s.name),
            text(s.centre_id),
            count(len(s.outside_worse)),
            count(len(s.misses)),
            count(len(s.concern)),
            count(len(s.worse)),
            text("preliminär" if s.delivery else ""),
            text("; ".join(dict.fromkeys(s.outside_worse + s.misses + s.concern + s.worse))),
        ]
        for s in look_first(data)
    ]
    section.tables.append(
        Table(
            f"Att titta på först ({len(rows)} vårdcentraler)",
            [
                "Vårdcentral",
                "HSA-id",
                "Utanför 99,8 % (sämre)",
                "Når ej målet",
                "SPC: försämring",
                "Sämre än regionen (95 %)",
                "Leverans",
                "Indikatorer",
            ],
            rows,
            "Sämre än regionen gäller indikatorer där katalogen (seeds/indicator_catalogue.csv, kolumnen better) anger "
            "vilket håll som är bättre; för akutbesök jämförs det ålders- och könsstandardiserade värdet. Leverans: "
            "månadens leverans för vårdcentralen ser ofullständig ut, så siffrorna är preliminära.",
        )
    )
    return section


def funnel_section(data: OverviewData) -> Section:
    """A funnel plot for every share with a Wilson interval (the catalogue's interval_method),
    and one table of the centres outside the 99.8 % limits."""
    section = Section(
        "Trattdiagram",
        "Trattdiagram för varje andel",
        "Varje vårdcentrals andel mot dess nämnare, regionens värde som mittlinje, gränserna 95 % och "
        "99,8 %. Utanför 99,8 %-gränsen skiljer sig vårdcentralen från regionen bortom slumpen. "
        "Värden på färre än 20 visas inte.",
    )
    centres = data.indicators[data.indicators.centre_id != REGION]
    region = data.indicators[data.indicators.centre_id == REGION].set_index("indicator")
    outside_rows = []
    for indicator in dict.fromkeys(data.indicators.sort_values("catalogue_order").indicator):
        if indicator not in region.index or region.loc[indicator, "interval_method"] != "wilson":
            continue
        r0 = region.loc[indicator]
        rows = centres[(centres.indicator == indicator) & centres.value.notna()]
        chart, outside = charts.funnel_of(
            list(zip(rows.name, rows.value, rows.denominator)),
            None if missing(r0.value) else float(r0.value),
            r0.label_sv,
        )
        if chart is None:
            continue
        section.charts.append(chart)
        for name, value, n in outside:
            side = "higher" if value > r0.value else "lower"
            outside_rows.append(
                [
                    text(r0.label_sv),
                    text(name),
                    ratio(value, n)[0],
                    count(n),
                    ratio(r0.value, r0.denominator)[0],
                    text(_funnel_text(r0.better, side)),
                ]
            )
    section.tables.append(
        Table(
            f"Utanför 99,8 %-gränsen ({len(outside_rows)})",
            ["Indikator", "Vårdcentral", "Värde", "Nämnare", "Regionen", "Läge"],
            outside_rows,
        )
    )
    return section


def standardised_section(data: OverviewData) -> Section:
    section = Section(
        "Standardiserat",
        "Ålders- och könsstandardiserade mått",
        "Indirekt standardisering mot regionen (kön och femårsklasser): faktiskt mot förväntat med "
        "regionens takt i varje klass. Standardiserat = kvoten × regionens värde.",
    )
    rows = []
    for r in data.standardised.itertuples():
        fmt = PER_1000 if r.per == 1000 else DECIMAL
        crude, reason = ratio(r.crude_rate, r.listed, fmt)
        shown = crude.fmt == fmt
        rows.append(
            [
                text(r.name),
                text("" if r.centre_id == REGION else r.centre_id),
                text(r.label_sv),
                persons(r.listed),
                crude,
                number(r.standardised_rate, fmt) if shown else Cell(crude.value, crude.fmt),
                number(r.standardised_lower_95, fmt) if shown else text(""),
                number(r.standardised_upper_95, fmt) if shown else text(""),
                number(r.ratio, DECIMAL) if shown else text(""),
                text(compared_with_region(r.better, r.region_comparison) if shown else ""),
                text(reason),
            ]
        )
    section.tables.append(
        Table(
            f"Standardiserade mått, {month_name(data.month)}",
            [
                "Vårdcentral",
                "HSA-id",
                "Mått",
                "Listade",
                "Faktiskt",
                "Standardiserat",
                "Nedre 95 %",
                "Övre 95 %",
                "Kvot faktiskt/förväntat",
                "Jämfört med regionen",
                "Kommentar",
            ],
            rows,
            "Kontakterna är de listades egna kontakter vid vårdcentralen på 12 månader; akutbesöken de listades besök "
            "på akutmottagning var som helst. Intervallet är Poissons och tar inte hänsyn till att samma person kan "
            "stå för många kontakter, så det är något för smalt för kontakterna.",
        )
    )
    return section


def spc_section(data: OverviewData) -> Section:
    section = Section(
        "SPC",
        "Variation över 24 månader (SPC) i 0:an och 3:an",
        "Ett p-diagram per vårdcentral och indikator med Making Data Counts regler.",
    )
    labels = dict(zip(data.variation.indicator, data.variation.label_sv))
    indicators = sorted(labels, reverse=True)
    verdict = {(r.centre_id, r.indicator): r.variation for r in data.variation.itertuples()}
    centres = (
        data.variation[["centre_id", "name"]]
        .drop_duplicates()
        .assign(region=lambda d: d.centre_id.eq(REGION))
        .sort_values(["region", "name"], ascending=[False, True])
    )
    rows = [
        [
            text(c.name),
            *(text(VARIATION.get(verdict.get((c.centre_id, i)) or "", "för få månader")) for i in indicators),
        ]
        for c in centres.itertuples()
    ]
    section.tables.append(
        Table(f"Variation, {month_name(data.month)}", ["Vårdcentral", *[labels[i] for i in indicators]], rows)
    )
    return section


def build_sections(con: duckdb.DuckDBPyConnection, data: OverviewData) -> list[Section]:
    return [
        look_first_section(data),
        tidy_section(data),
        funnel_section(data),
        standardised_section(data),
        spc_section(data),
        completeness_section(con, data.month),
    ]
