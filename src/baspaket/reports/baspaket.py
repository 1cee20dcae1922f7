"""A health centre's baspaket: the seven sections of outputs.md, as tables and charts.

Every figure comes from the marts (src/baspaket/reports/marts.py); this module only chooses what to show,
beside what, and applies the disclosure rules through src/baspaket/reports/tables.py.
"""

from __future__ import annotations

import pandas as pd

from baspaket.reports import charts
from baspaket.reports.marts import REGION, CentreMonth
from baspaket.reports.swedish import TARGET_VERDICT, VARIATION, compared_with_region, month_name, short_month
from baspaket.reports.tables import (
    COUNT,
    DECIMAL,
    PER_1000,
    SHARE,
    Cell,
    Section,
    Table,
    as_text,
    count,
    date,
    indicator_cell,
    interval_format,
    is_shown,
    missing,
    number,
    persons,
    persons_and_share,
    ratio,
    target_cell,
    text,
)

SECTION_TITLES = {
    "population": "1. Befolkning",
    "activity": "2. Verksamhet",
    "morbidity": "3. Sjuklighet",
    "access": "4. Tillgänglighet och kontinuitet",
    "quality": "5. Kvalitetsindikatorer",
    "staffing": "6. Bemanning",
    "registration": "7. Registreringskvalitet",
}


def indicator_table(
    data: CentreMonth,
    indicators: list[str] | None = None,
    sections: tuple[str, ...] = (),
    title: str = "Nyckeltal",
    with_targets: bool = False,
) -> Table:
    """Indicators of the centre with their 95 % interval, beside the region (better / similar /
    worse than the region, judged on the interval), and the target and national value."""
    rows = data.indicators
    if indicators is not None:
        rows = rows.set_index("indicator").loc[[i for i in indicators if i in set(rows["indicator"])]].reset_index()
    else:
        rows = rows[rows["section"].isin(sections)]
    columns = [  # the centre's value stays the second column: the tests and a reader's eye expect it there
        "Indikator",
        data.centre_name,
        "95 %-intervall",
        "Regionen",
        "Jämfört med regionen",
    ]
    if with_targets:
        columns += ["Mål", "Riket", "Jämfört med målet"]
    columns += ["Kommentar"]
    table_rows = []
    for r in rows.itertuples():
        # Marked only when the whole 95 % interval is on the wrong side of the target
        # (marts.indicator_report.target_comparison): a small centre is not marked on chance.
        misses = r.target_comparison == "misses"
        centre, reason = indicator_cell(r.kind, bool(r.person_count), r.value, r.denominator, warn=misses)
        region, _ = indicator_cell(r.kind, bool(r.person_count), r.region_value, r.region_denominator)
        # No interval and no comparison where the value itself is not shown (disclosure).
        shown = is_shown(centre)
        cells = [
            text(r.label_sv),
            centre,
            interval_text(r.lower_95, r.upper_95, interval_format(r.kind)) if shown else text(""),
            region,
            text(compared_with_region(r.better, r.region_comparison) if shown else ""),
        ]
        if with_targets:
            target = target_cell(r.target_value, r.target_rule)
            national = number(r.national_value, SHARE) if pd.notna(r.national_value) else text("")
            cells += [target, national, text(TARGET_VERDICT.get(r.target_comparison, "") if shown else "")]
        cells.append(text(reason))
        table_rows.append(cells)
    return Table(title, columns, table_rows)


def _trend_values(data: CentreMonth, indicator: str, person_count: bool = False, is_ratio: bool = True):
    """Per month: what may be shown of the centre and the region (disclosure applied)."""
    rows = data.trend[data.trend["indicator"] == indicator].sort_values("period")
    shown = []
    for r in rows.itertuples():
        if is_ratio:
            centre, _ = ratio(r.value, r.denominator)
            region, _ = ratio(r.region_value, r.region_denominator)
        else:
            centre, region = (
                (persons(r.value), persons(r.region_value)) if person_count else (count(r.value), count(r.region_value))
            )
        shown.append((r.period, centre, region))
    return shown


def _chart_series(shown) -> tuple[list[str], list, list]:
    periods = [short_month(p) for p, _, _ in shown]
    centre = [c.value if c.fmt != "suppressed" else None for _, c, _ in shown]
    region = [r.value if r.fmt != "suppressed" else None for _, _, r in shown]
    return periods, centre, region


def _trend_table(title: str, shown, data: CentreMonth, fmt_label: str = "") -> Table:
    return Table(
        title, ["Månad", data.centre_name, "Regionen"], [[text(month_name(p)), c, r] for p, c, r in shown], fmt_label
    )


def population_section(data: CentreMonth) -> Section:
    section = Section(
        "Befolkning",
        SECTION_TITLES["population"],
        "Listade personer med giltigt personnummer eller samordningsnummer per månadens sista dag.",
    )
    section.tables.append(indicator_table(data, ["listed", "active_choice_share", "cni", "diabetes_prevalence"]))
    pop = data.population.set_index("centre_id")
    rows = []
    for label, column in (
        ("Andel 0–6 år", "share_0_6"),
        ("Andel 65 år och äldre", "share_65_plus"),
        ("Andel 80 år och äldre", "share_80_plus"),
    ):
        cells = [text(label)]
        reason = ""
        for who in (data.centre_id, REGION):
            cell, why = ratio(
                pop.loc[who, column] if who in pop.index else None, pop.loc[who, "listed"] if who in pop.index else 0
            )
            cells.append(cell)
            reason = reason or (why if who == data.centre_id else "")
        rows.append(cells + [text(reason)])
    for label, column in (("Nylistade under månaden", "listings_gained"), ("Avlistade under månaden", "listings_lost")):
        values = [pop.loc[w, column] if w in pop.index else None for w in (data.centre_id, REGION)]
        note = "" if pd.notna(values[0]) else "föregående månads listning saknas"
        rows.append([text(label)] + [persons(v if pd.notna(v) else None) for v in values] + [text(note)])
    section.tables.append(Table("Ålder och listningar", ["Mått", data.centre_name, "Regionen", "Kommentar"], rows))

    shown = _trend_values(data, "listed", person_count=True, is_ratio=False)
    section.tables.append(_trend_table("Listade personer, 13 månader", shown, data))
    periods, centre, _ = _chart_series(shown)
    section.charts.append(charts.trend(periods, {data.centre_name: centre}, "Listade personer"))

    bands = data.pyramid.sort_values("age_band_start")
    band_labels = list(dict.fromkeys(bands["age_band"]))
    # every band of either sex for both, 0 where a sex has no one in it
    counts = ["persons", "region_persons"]
    women = bands[bands["sex"] == "K"].set_index("age_band")[counts].reindex(band_labels, fill_value=0)
    men = bands[bands["sex"] == "M"].set_index("age_band")[counts].reindex(band_labels, fill_value=0)
    pyramid_rows, women_shown, men_shown = [], [], []
    for band, women_here, men_here, women_region, men_region in zip(
        band_labels, women["persons"], men["persons"], women["region_persons"], men["region_persons"], strict=True
    ):
        w, m = persons(women_here), persons(men_here)
        women_shown.append(w.value if w.fmt == COUNT else None)
        men_shown.append(m.value if m.fmt == COUNT else None)
        pyramid_rows.append([text(band), w, m, persons(women_region), persons(men_region)])
    section.tables.append(
        Table(
            "Ålders- och könsfördelning (listade)",
            ["Ålder", "Kvinnor", "Män", "Kvinnor, regionen", "Män, regionen"],
            pyramid_rows,
        )
    )
    if band_labels:
        section.charts.append(
            charts.pyramid(band_labels, women_shown, men_shown, f"Ålders- och könsfördelning, {data.centre_name}")
        )

    municipality_rows = [
        [
            text(" ".join(x for x in (r.municipality_code, r.municipality_name) if not missing(x))),
            persons(r.persons if pd.notna(r.persons) else 0),
            persons(r.region_persons),
        ]
        # the most listed first; a tie in the order of the municipality codes, not as the rows came
        for r in data.municipalities.sort_values(
            ["persons", "municipality_code"], ascending=[False, True], na_position="last"
        ).itertuples()
        if pd.notna(r.persons) and r.persons > 0
    ]
    section.tables.append(Table("Listade per kommun", ["Kommun", data.centre_name, "Regionen"], municipality_rows))
    return section


def activity_section(data: CentreMonth) -> Section:
    section = Section(
        "Verksamhet",
        SECTION_TITLES["activity"],
        "Kontakter i primärvården som vårdcentralen utfört, och de listades vård på andra enheter.",
    )
    section.tables.append(
        indicator_table(
            data,
            ["contacts", "patients_seen", "home_visits", "ed_visits_per_1000", "coverage", "frequent_attenders_share"],
        )
    )
    act = data.activity.set_index("centre_id")
    rows = []
    for label, column, fmt in (
        ("Kontakter per listad och år (12 mån)", "contacts_per_listed_year", DECIMAL),
        ("Kontakter vid vårdcentralen, 12 mån", "contacts_12m", COUNT),
        ("De listades kontakter vid andra primärvårdsenheter, 12 mån", "contacts_at_other_primary_care_12m", COUNT),
    ):
        cells = [text(label)]
        for who in (data.centre_id, REGION):
            value = act.loc[who, column] if who in act.index else None
            if fmt == DECIMAL:
                cell, _ = ratio(value, act.loc[who, "listed"] if who in act.index else 0, DECIMAL)
            else:
                cell = count(value)
            cells.append(cell)
        rows.append(cells)
    section.tables.append(Table("Kontakter per listad", ["Mått", data.centre_name, "Regionen"], rows))
    section.tables.append(standardised_table(data.standardised, data.centre_id))
    for window, title in (
        ("month", "Kontakter per yrke och kontakttyp, månaden"),
        ("12_months", "Kontakter per yrke och kontakttyp, 12 månader"),
    ):
        part = data.contacts[data.contacts["time_window"] == window]
        # every profession and contact type of the seeds, in their order, 0 where there were none
        table = part.pivot_table(
            index="profession", columns="contact_type", values="contacts", aggfunc="sum", fill_value=0
        ).reindex(index=data.professions, columns=data.contact_types, fill_value=0)
        region = part.groupby("profession")["region_contacts"].sum()
        rows = []
        for profession, values in zip(data.professions, table.to_numpy(dtype="int64").tolist(), strict=True):
            rows.append(
                [text(profession), *map(count, values), count(sum(values)), count(int(region.get(profession, 0)))]
            )
        section.tables.append(Table(title, ["Yrke", *data.contact_types, "Totalt", "Totalt, regionen"], rows))
    return section


def interval_text(low, high, fmt: str) -> Cell:
    """A 95 % interval as text beside its value (`3,9–4,2`, `49,0–94,3 %`)."""
    if missing(low) or missing(high):
        return text("")
    low_text, high_text = as_text(number(low, fmt)), as_text(number(high, fmt))
    return Cell(f"{low_text.removesuffix(' %')}–{high_text}", numeric_text=True)


def standardised_table(rates: pd.DataFrame, centre_id: str) -> Table:
    """The centre's age-and-sex standardised rates (marts.standardised_rates) beside its crude
    rates and the region's: a rate on fewer than 20 listed is not shown."""
    rows = []
    for r in rates[rates.centre_id == centre_id].itertuples():
        fmt = PER_1000 if r.per == 1000 else DECIMAL
        crude, reason = ratio(r.crude_rate, r.listed, fmt)
        standardised, _ = ratio(r.standardised_rate, r.listed, fmt)
        region = rates[(rates.centre_id == REGION) & (rates.measure == r.measure)]
        shown = standardised.fmt == fmt
        rows.append(
            [
                text(r.label_sv),
                crude,
                standardised,
                interval_text(r.standardised_lower_95, r.standardised_upper_95, fmt) if shown else text(""),
                number(r.ratio, DECIMAL) if shown else text(""),
                text(compared_with_region(r.better, r.region_comparison)) if shown else text(""),
                number(region.crude_rate.iloc[0], fmt) if not region.empty else text(""),
                text(reason),
            ]
        )
    return Table(
        "Ålders- och könsstandardiserat",
        [
            "Mått",
            "Faktiskt",
            "Standardiserat",
            "95 %-intervall",
            "Kvot faktiskt/förväntat",
            "Jämfört med regionen",
            "Regionen",
            "Kommentar",
        ],
        rows,
        "Indirekt standardisering mot regionen (kön och femårsklasser): det förväntade är vad de listade skulle "
        "ha haft med regionens takt i varje klass. Standardiserat = kvoten × regionens värde, så att en "
        "vårdcentral med äldre listade jämförs rättvist. Kontakterna är de listades egna kontakter vid "
        "vårdcentralen, inte alla som vårdcentralen utfört.",
    )


def morbidity_section(data: CentreMonth) -> Section:
    section = Section(
        "Sjuklighet",
        SECTION_TITLES["morbidity"],
        "Diagnoser registrerade på de listades kontakter (alla vårdnivåer) de senaste 60 månaderna.",
    )
    rows, labels, centre_values, region_values = [], [], [], []
    for _, r in data.morbidity.iterrows():  # the groups of marts.diagnosis_groups, in its order
        label = r["label_sv"]
        centre, reason = ratio(r["per_1000"], r["listed"], PER_1000)
        region, _ = ratio(r["region_per_1000"], r["region_listed"], PER_1000)
        rows.append([text(label), persons(r["persons"]), centre, region, text(reason)])
        labels.append(label)
        centre_values.append(centre.value if centre.fmt == PER_1000 else None)
        region_values.append(region.value if region.fmt == PER_1000 else None)
    section.tables.append(
        Table(
            "Förekomst per 1 000 listade", ["Diagnosgrupp", "Personer", data.centre_name, "Regionen", "Kommentar"], rows
        )
    )
    if labels:
        section.charts.append(
            charts.compare_bars(labels, centre_values, region_values, "Förekomst per 1 000 listade", data.centre_name)
        )
    section.tables.append(
        Table(
            "Vanligaste diagnoserna vid vårdcentralen, 12 månader (ICD-10, tre tecken)",
            ["Rang", "Kod", "Diagnos", "Kontakter", "Personer", "Kontakter, regionen"],
            [
                [
                    count(r.rank),
                    text(r.category),
                    text(r.category_title),
                    count(r.contacts),
                    persons(r.persons),
                    count(r.region_contacts),
                ]
                for r in data.top_diagnoses.itertuples()
            ],
        )
    )
    act = data.activity.set_index("centre_id")
    rows = []
    for who_label, who in ((data.centre_name, data.centre_id), ("Regionen", REGION)):
        if who not in act.index:
            continue
        a = act.loc[who]
        share, reason = ratio(a["frequent_attender_contact_share"], a["listed_contacts_at_centre"])
        rows.append([text(who_label), persons(a["frequent_attenders"]), share, text(reason)])
    section.tables.append(
        Table(
            "Storkonsumenter (minst 12 kontakter på 12 månader)",
            ["", "Personer", "Andel av de listades kontakter", "Kommentar"],
            rows,
        )
    )
    return section


def _variation_row(r) -> list[Cell]:
    """One indicator's SPC verdict; the centre line and limits follow the disclosure rule of the
    window's denominator (nothing shown, and no verdict, on fewer than 20)."""
    centre_line, reason = ratio(r.centre_line, r.window_denominator)
    if centre_line.fmt != SHARE:
        return [text(r.label_sv), text(reason or "för få"), centre_line, text(""), text(""), count(r.points)]
    verdict = VARIATION.get(r.variation, "för få månader") if pd.notna(r.variation) else "för få månader"
    return [
        text(r.label_sv),
        text(verdict),
        centre_line,
        number(r.lower_limit, SHARE),
        number(r.upper_limit, SHARE),
        count(r.points),
    ]


def access_section(data: CentreMonth) -> Section:
    section = Section(
        "Tillgänglighet",
        SECTION_TITLES["access"],
        "Vårdgarantin 0–3–90–90: telefonkontakt samma dag (0:an) och medicinsk bedömning inom 3 dagar (3:an).",
    )
    section.tables.append(
        indicator_table(
            data,
            ["phone_same_day", "assessment_within_3_days", "continuity_doctor", "continuity_nurse"],
            with_targets=True,
        )
    )
    for indicator, title in (("phone_same_day", "0:an per månad"), ("assessment_within_3_days", "3:an per månad")):
        shown = _trend_values(data, indicator)
        section.tables.append(_trend_table(title, shown, data))
        periods, centre, region = _chart_series(shown)
        target = data.indicators.set_index("indicator")["target_value"].get(indicator)
        section.charts.append(
            charts.trend(
                periods,
                {data.centre_name: centre, "Regionen": region},
                title,
                as_share=True,
                target=None if pd.isna(target) else target,
            )
        )
    for indicator, label in zip(data.variation.indicator, data.variation.label_sv):
        chart = charts.spc_of(
            data.spc_chart[data.spc_chart.indicator == indicator], f"{label}: styrdiagram (p-diagram), 24 månader"
        )
        if chart is not None:
            section.charts.append(chart)
    section.tables.append(
        Table(
            "Variation över 24 månader (SPC)",
            ["Indikator", "Bedömning", "Mittlinje", "Nedre styrgräns", "Övre styrgräns", "Månader"],
            [_variation_row(r) for r in data.variation.itertuples()],
            "Ett p-diagram per indikator med Making Data Counts regler: en månad utanför styrgränserna, sju i rad "
            "på samma sida om mittlinjen, sex i rad uppåt eller nedåt, två av tre nära en styrgräns. Särskild orsak "
            "betyder att förändringen inte är slumpen. Gränserna gäller månadens antal samtal eller kontakter.",
        )
    )
    return section


def quality_section(data: CentreMonth) -> Section:
    section = Section(
        "Kvalitet",
        SECTION_TITLES["quality"],
        "Alla indikatorer med målnivå och riksvärde där sådana finns; ✗ markerar att vårdcentralen inte når målet.",
    )
    section.tables.append(
        indicator_table(
            data,
            sections=("population", "activity", "continuity", "access", "quality", "staffing"),
            title="Indikatorer",
            with_targets=True,
        )
    )
    return section


def staffing_section(data: CentreMonth) -> Section:
    section = Section(
        "Bemanning", SECTION_TITLES["staffing"], "Heltidsekvivalenter (summa sysselsättningsgrad) enligt bemanningen."
    )
    section.tables.append(
        indicator_table(data, ["gp_specialist_share", "district_nurse_share", "hired_doctor_share"], with_targets=True)
    )
    staff = data.staffing.set_index("profession")
    rows = [
        [text(p), number(staff.at[p, "fte"]), number(staff.at[p, "hired_fte"]), number(staff.at[p, "region_fte"])]
        for p in data.professions
        if p in staff.index
    ]
    section.tables.append(
        Table("Heltidsekvivalenter per yrke", ["Yrke", data.centre_name, "varav inhyrda", "Regionen"], rows)
    )
    return section


def registration_section(data: CentreMonth) -> Section:
    section = Section(
        "Registrering",
        SECTION_TITLES["registration"],
        "Registreringsfel i månadens kontakter. Arbetslistan visar varje kontakt så att den kan rättas i journalsystemet.",
    )
    regs = data.indicators[data.indicators["section"] == "registration"]
    rows = []
    for r in regs.itertuples():
        share, reason = ratio(r.value, r.denominator)
        region, _ = ratio(r.region_value, r.region_denominator)
        rows.append([text(r.label_sv), count(r.numerator), count(r.denominator), share, region, text(reason)])
    section.tables.append(
        Table("Fel per typ", ["Feltyp", "Antal", "Av", "Andel", "Andel, regionen", "Kommentar"], rows)
    )
    section.tables.append(
        Table(
            "Listningen: uppgifter om enskilda personer att rätta",
            ["Fynd", "Personer", "Andel", "Personer, regionen", "Andel, regionen"],
            [
                [
                    text(r.label_sv),
                    *persons_and_share(r.flagged, r.share, r.checked),
                    *persons_and_share(r.region_flagged, r.region_share, r.region_checked),
                ]
                for r in data.findings.itertuples()
            ],
            note="Personer i månadens listning med uppgifter som behöver rättas. De stoppar inte laddningen: "
            "nyckeltalen är beräknade. Andelen visas inte där antalet är under 5, eftersom den annars "
            "kan avslöja antalet.",
        )
    )
    section.tables.append(
        Table(
            f"Arbetslista: kontakter att rätta ({len(data.worklist)})",
            ["KontaktID", "Datum", "Yrke", "Kontakttyp", "Fel"],
            [
                [text(r.contact_id), date(r.contact_date), text(r.profession), text(r.contact_type), text(r.error_sv)]
                for r in data.worklist
            ],
        )
    )
    return section


def plain(markdown: str) -> str:
    """A doc block's Markdown as the report's plain text: `code` and **emphasis** without marks."""
    return markdown.replace("**", "").replace("`", "")


def definitions_section(data: CentreMonth) -> Section:
    """What each figure counts, as the indicator's own folder defines it (its doc block, which
    the dbt docs show too): the text is the project's, in English, as indicators.md."""
    section = Section(
        "Definitioner",
        "Bilaga: Så räknas nyckeltalen",
        "Varje nyckeltals definition som datalagret räknar den (indikatorhandboken, dbt docs; på engelska). "
        "Namn inom hakparentes är inställningar som regionen kan ändra.",
    )
    section.tables.append(
        Table(
            "Definitioner",
            ["Nyckeltal", "Definition"],
            [[text(r.label_sv), text(plain(r.definition))] for r in data.definitions.itertuples()],
        )
    )
    return section


def build_sections(data: CentreMonth) -> list[Section]:
    return [
        population_section(data),
        activity_section(data),
        morbidity_section(data),
        access_section(data),
        quality_section(data),
        staffing_section(data),
        registration_section(data),
        definitions_section(data),
    ]
