"""Reading what a report shows from the marts: one centre's rows and REGION's, nothing else.

Reports contain no indicator logic; every figure comes from a mart as the warehouse keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import duckdb
import pandas as pd

from baspaket.contract.months import shift
from baspaket.warehouse import has_tables

REGION = "REGION"
TREND_MONTHS = 13  # the reference month and the 12 before it


class WorklistRow(NamedTuple):
    """A contact to correct, as marts.registration_worklist holds it."""

    contact_id: str
    contact_date: date
    profession: str
    contact_type: str
    error_sv: str


@dataclass
class CentreMonth:
    centre_id: str
    centre_name: str
    month: str
    indicators: pd.DataFrame  # marts.indicator_report: centre rows + region_* columns + the catalogue's `better`
    trend: pd.DataFrame  # period, indicator, value, denominator, region_value, region_denominator
    population: pd.DataFrame  # marts.population_summary, centre and REGION rows
    pyramid: pd.DataFrame  # sex, age_band_start, age_band, persons, region_persons
    municipalities: (
        pd.DataFrame
    )  # municipality_code, municipality_name (seeds/municipalities.csv), persons, region_persons
    contacts: pd.DataFrame  # time_window, profession, contact_type, contacts, region_contacts
    professions: list[str]  # seeds/professions.csv, in its order
    contact_types: list[str]  # seeds/contact_types.csv, in its order
    activity: pd.DataFrame  # marts.activity_summary, centre and REGION rows
    morbidity: pd.DataFrame  # diagnosis_group, label_sv (marts.diagnosis_groups), persons, per_1000, listed, region_*
    top_diagnoses: pd.DataFrame  # category, category_title, contacts, persons, rank, region_contacts
    staffing: pd.DataFrame  # profession, fte, hired_fte, region_fte, region_hired_fte
    # Rows, not a frame: a centre's worklist holds thousands, and each becomes a row of cells
    # (a frame's string columns are slow to walk cell by cell).
    worklist: list[WorklistRow]
    findings: pd.DataFrame  # rule, label_sv, flagged, checked, share, region_* of the same
    variation: pd.DataFrame  # marts.access_spc of the month: indicator, variation, centre line, limits, points
    standardised: pd.DataFrame  # marts.standardised_rates of the month, centre and REGION rows
    spc_chart: pd.DataFrame  # marts.access_spc_chart of the month, the centre's rows
    definitions: pd.DataFrame  # indicator, label_sv, definition (ReferenceLists.definitions)


def centres(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select hsa_id, name from reference.centres order by hsa_id").df()


def seed_order(con: duckdb.DuckDBPyConnection, seed: str, column: str) -> list[str]:
    """A reference list (professions, contact types) in its seed's own order: a value a region
    adds to the seed is shown without a change to the reports."""
    return [v for (v,) in con.execute(f"select {column} from reference.{seed} order by rowid").fetchall()]


@dataclass(frozen=True)
class ReferenceLists:
    """The lists every baspaket of a load shows its rows by, read once per process, not per centre."""

    professions: list[str]  # seeds/professions.csv, in its order
    contact_types: list[str]  # seeds/contact_types.csv, in its order
    diagnosis_groups: pd.DataFrame  # marts.diagnosis_groups shown: diagnosis_group, label_sv, in order
    # Each indicator's definition as its folder's doc block states it (marts.indicator_definitions),
    # with the catalogue's label, in the catalogue's order: indicator, label_sv, definition
    definitions: pd.DataFrame

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> "ReferenceLists":
        return cls(
            seed_order(con, "professions", "profession"),
            seed_order(con, "contact_types", "contact_type"),
            con.execute(
                "select diagnosis_group, label_sv from marts.diagnosis_groups "
                "where shown_in_baspaket order by display_order"
            ).df(),
            indicator_definitions(con),
        )


def indicator_definitions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """indicator, label_sv, definition in the catalogue's order; no rows in a warehouse built
    before marts.indicator_definitions existed, until its next load builds it."""
    if not has_tables(con, "marts.indicator_definitions"):
        return pd.DataFrame(columns=["indicator", "label_sv", "definition"])
    return con.execute(
        "select c.indicator, c.label_sv, d.definition from reference.indicator_catalogue as c "
        "inner join marts.indicator_definitions as d using (indicator) order by c.rowid"
    ).df()


def centres_with_listed(con: duckdb.DuckDBPyConnection, month: str) -> list[str]:
    """The centres of the seed with anyone listed in the month: those get a baspaket."""
    return [
        c
        for (c,) in con.execute(
            "select centre_id from marts.population_summary where period = ? and centre_id <> 'REGION' "
            "and listed > 0 order by centre_id",
            [month],
        ).fetchall()
    ]


def built_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [m for (m,) in con.execute("select distinct period from marts.indicator_values order by 1").fetchall()]


def _side_by_side(con, sql: str, keys: str, value_columns: list[str], centre_id: str, params: list) -> pd.DataFrame:
    """The centre's rows of a mart with REGION's values beside them (region_<column>)."""
    values = ", ".join(
        f"max({c}) filter (where centre_id = $centre) as {c}, "
        f"max({c}) filter (where centre_id = 'REGION') as region_{c}"
        for c in value_columns
    )
    return con.execute(
        f"select {keys}, {values} from ({sql}) where centre_id in ($centre, 'REGION') group by {keys}",
        {"centre": centre_id, **{f"p{i}": p for i, p in enumerate(params)}},
    ).df()


def spc_chart(con: duckdb.DuckDBPyConnection, centre_id: str, month: str) -> pd.DataFrame:
    """The centre's p-charts of 0:an and 3:an at `month` (marts.access_spc_chart), in month
    order."""
    return con.execute(
        "select indicator, point_period, value, denominator, centre_line, window_denominator, lower_limit, "
        "upper_limit from marts.access_spc_chart where centre_id = ? and period = ? order by point_period",
        [centre_id, month],
    ).df()


def load_centre_month(
    con: duckdb.DuckDBPyConnection, centre_id: str, month: str, lists: ReferenceLists | None = None
) -> CentreMonth:
    lists = lists or ReferenceLists.load(con)
    name_row = con.execute("select name from reference.centres where hsa_id = ?", [centre_id]).fetchone()
    if name_row is None:
        raise KeyError(f"{centre_id} is not a centre in seeds/centres.csv")
    p = {"centre": centre_id, "month": month}
    indicators = con.execute(
        """
        select c.*, r.numerator as region_numerator, r.denominator as region_denominator,
               r.value as region_value, r.misses_target as region_misses_target, k.better
        from marts.indicator_report c
        join marts.indicator_report r
          on r.indicator = c.indicator and r.period = c.period and r.centre_id = 'REGION'
        join reference.indicator_catalogue k on k.indicator = c.indicator
        where c.centre_id = $centre and c.period = $month
        """,
        p,
    ).df()
    trend = con.execute(
        """
        select period, indicator,
               max(value) filter (where centre_id = $centre) as value,
               max(denominator) filter (where centre_id = $centre) as denominator,
               max(value) filter (where centre_id = 'REGION') as region_value,
               max(denominator) filter (where centre_id = 'REGION') as region_denominator
        from marts.indicator_values
        where centre_id in ($centre, 'REGION') and period between $first and $month
        group by period, indicator
        order by period
        """,
        {**p, "first": shift(month, -TREND_MONTHS + 1)},
    ).df()
    month_only = lambda table: f"select * from marts.{table} where period = $p0"  # noqa: E731
    return CentreMonth(
        variation=con.execute(
            "select s.indicator, c.label_sv, s.variation, s.centre_line, s.window_denominator, s.lower_limit, "
            "s.upper_limit, s.points "
            "from marts.access_spc s join reference.indicator_catalogue c using (indicator) "
            "where s.centre_id = $centre and s.period = $month order by s.indicator desc",
            p,
        ).df(),
        centre_id=centre_id,
        centre_name=name_row[0],
        month=month,
        indicators=indicators,
        trend=trend,
        population=con.execute(
            "select * from marts.population_summary where period = $month and centre_id in ($centre, 'REGION')", p
        ).df(),
        pyramid=_side_by_side(
            con, month_only("population_by_age_sex"), "sex, age_band_start, age_band", ["persons"], centre_id, [month]
        ),
        municipalities=_side_by_side(
            con,
            month_only("listed_by_municipality"),
            "municipality_code, municipality_name",
            ["persons"],
            centre_id,
            [month],
        ),
        contacts=_side_by_side(
            con,
            month_only("contacts_by_profession_type"),
            "time_window, profession, contact_type",
            ["contacts"],
            centre_id,
            [month],
        ),
        professions=lists.professions,
        definitions=lists.definitions,
        contact_types=lists.contact_types,
        activity=con.execute(
            "select * from marts.activity_summary where period = $month and centre_id in ($centre, 'REGION')", p
        ).df(),
        spc_chart=spc_chart(con, centre_id, month),
        standardised=con.execute(
            "select * from marts.standardised_rates where period = $month "
            "and centre_id in ($centre, 'REGION') order by measure desc",
            p,
        ).df(),
        morbidity=lists.diagnosis_groups.merge(  # an inner merge keeps the groups' order
            _side_by_side(
                con,
                month_only("morbidity_prevalence"),
                "diagnosis_group",
                ["persons", "listed", "per_1000"],
                centre_id,
                [month],
            ),
            on="diagnosis_group",
        ),
        top_diagnoses=con.execute(
            """
            select c.category, c.category_title, c.contacts, c.persons, c.rank, r.contacts as region_contacts
            from marts.top_diagnoses c
            left join marts.top_diagnoses r
              on r.category = c.category and r.period = c.period and r.centre_id = 'REGION'
            where c.centre_id = $centre and c.period = $month and c.rank <= 10
            order by c.rank
            """,
            p,
        ).df(),
        staffing=_side_by_side(
            con, month_only("staffing_by_profession"), "profession", ["fte", "hired_fte"], centre_id, [month]
        ),
        worklist=[
            WorklistRow(*row)
            for row in con.execute(
                f"select {', '.join(WorklistRow._fields)} "
                "from marts.registration_worklist where centre_id = $centre and period = $month "
                "order by contact_date, contact_id, error_sv",
                p,
            ).fetchall()
        ],
        findings=con.execute(
            """
            select c.rule, c.label_sv, c.flagged, c.checked, c.share,
                   r.flagged as region_flagged, r.checked as region_checked, r.share as region_share
            from marts.data_quality_findings c
            join marts.data_quality_findings r
              on r.rule = c.rule and r.period = c.period and r.centre_id = 'REGION'
            where c.centre_id = $centre and c.period = $month
            order by c.rule
            """,
            p,
        ).df(),
    )
