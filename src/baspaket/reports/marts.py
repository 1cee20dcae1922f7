"""Reading what a report shows from the marts: one centre's rows and REGION's, nothing else.

Reports contain no indicator logic; every figure comes from a mart as the warehouse keeps it.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import duckdb
import numpy as np
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


# The baspaket's centres of one read, as a table: `$centres` is a list of HSA-ids.
_CENTRES = "(select unnest($centres::varchar[]) as centre_id)"
_IN_CENTRES = f"in (select centre_id from {_CENTRES})"
# marts.access_spc_chart's columns that a p-chart is drawn from
_SPC_CHART_COLUMNS = (
    "indicator, point_period, value, denominator, centre_line, window_denominator, lower_limit, upper_limit"
)
# How many baspakets one read serves: the reads cost about the same for 1 or 50 centres, and 50
# centres' rows (their worklists the most) stay small at a country's 1 200 centres.
CENTRES_PER_READ = 50


class _Rows:
    """Many centres' rows of one query, in the query's order, taken out one centre at a time;
    `column` (for_centre, or the mart's centre_id) says whose they are, and is dropped unless
    `keep`. The queries order by that column first, so each centre's rows are one run of the
    frame, taken as a slice: pandas copies nothing, where a groupby copied each part."""

    def __init__(self, frame: pd.DataFrame, column: str = "centre_id", keep: bool = False):
        owners = frame[column].to_numpy()
        body = frame if keep else frame.drop(columns=column)
        starts = [0, *(np.flatnonzero(owners[1:] != owners[:-1]) + 1), len(frame)] if len(frame) else [0]
        self._empty = body.iloc[0:0]
        self._parts = {
            owners[start]: body.iloc[start:end].reset_index(drop=True) for start, end in itertools.pairwise(starts)
        }
        if len(self._parts) != len(starts) - 1:
            raise ValueError(f"the rows of a centre are not together (ordered by {column} first?)")

    def of(self, centre_id: str) -> pd.DataFrame:
        return self._parts.get(centre_id, self._empty)


def _for_each_centre(source: str) -> str:
    """The rows of `source` (a query with centre_id) of the read's centres, and REGION's rows once
    for each of them; `for_centre` says whose baspaket a row is for."""
    return f"""(
        select ids.centre_id as for_centre, m.* from ({source}) as m join {_CENTRES} as ids on m.centre_id = ids.centre_id
        union all
        select ids.centre_id as for_centre, m.* from ({source}) as m cross join {_CENTRES} as ids
        where m.centre_id = '{REGION}'
    ) as centre_and_region"""


def _side_by_side(con, source: str, keys: str, value_columns: list[str], params: dict) -> _Rows:
    """Each centre's rows of a mart with REGION's values beside them (region_<column>), by `keys`:
    a key that only REGION has is a row with the centre's values empty."""
    values = ", ".join(
        f"max({c}) filter (where centre_id = for_centre) as {c}, "
        f"max({c}) filter (where centre_id = '{REGION}') as region_{c}"
        for c in value_columns
    )
    frame = con.execute(
        f"select for_centre, {keys}, {values} from {_for_each_centre(source)} "
        f"group by for_centre, {keys} order by for_centre, {keys}",
        params,
    ).df()
    return _Rows(frame, "for_centre")


def _centre_and_region(frame: pd.DataFrame, centre_id: str) -> pd.DataFrame:
    """The centre's rows and REGION's, in the frame's order."""
    return frame[frame["centre_id"].isin((centre_id, REGION))].reset_index(drop=True)


def spc_chart(con: duckdb.DuckDBPyConnection, centre_id: str, month: str) -> pd.DataFrame:
    """The centre's p-charts of 0:an and 3:an at `month` (marts.access_spc_chart), in month
    order."""
    return con.execute(
        f"select {_SPC_CHART_COLUMNS} from marts.access_spc_chart where centre_id = ? and period = ? "
        "order by point_period",
        [centre_id, month],
    ).df()


def load_centre_month(
    con: duckdb.DuckDBPyConnection, centre_id: str, month: str, lists: ReferenceLists | None = None
) -> CentreMonth:
    """What one centre's baspaket shows at `month`."""
    return next(load_centres_month(con, [centre_id], month, lists))


def load_centres_month(
    con: duckdb.DuckDBPyConnection, centre_ids: list[str], month: str, lists: ReferenceLists | None = None
) -> Iterator[CentreMonth]:
    """What each centre's baspaket shows at `month`, in the order of `centre_ids`: one query per
    mart for all of them, not 16 small queries per centre, each scanning its mart's month: at
    2.4 M listed 102–113 ms of each baspaket against 19–21 ms for its share of one read
    (docs/performance.md). KeyError for a centre not in seeds/centres.csv."""
    lists = lists or ReferenceLists.load(con)
    centres = {"centres": list(centre_ids)}
    p = {**centres, "month": month}
    names = dict(
        con.execute(f"select hsa_id, name from reference.centres where hsa_id {_IN_CENTRES}", centres).fetchall()
    )
    unknown = [c for c in centre_ids if c not in names]
    if unknown:
        raise KeyError(f"{unknown[0]} is not a centre in seeds/centres.csv")

    def rows(sql: str, keep: bool = False) -> _Rows:
        return _Rows(con.execute(sql, p).df(), keep=keep)

    def centre_and_region_rows(table: str, order: str = "") -> pd.DataFrame:
        return con.execute(
            f"select * from marts.{table} where period = $month "
            f"and (centre_id {_IN_CENTRES} or centre_id = '{REGION}'){order}",
            p,
        ).df()

    # In the catalogue's order (seeds/indicator_catalogue.csv), as the sections list them: the
    # mart's own row order changes from one build to the next.
    indicators = rows(
        f"""
        select c.*, r.numerator as region_numerator, r.denominator as region_denominator,
               r.value as region_value, r.misses_target as region_misses_target, k.better
        from marts.indicator_report c
        join marts.indicator_report r
          on r.indicator = c.indicator and r.period = c.period and r.centre_id = '{REGION}'
        join reference.indicator_catalogue k on k.indicator = c.indicator
        where c.centre_id {_IN_CENTRES} and c.period = $month
        order by c.centre_id, k.rowid
        """,
        keep=True,
    )
    trend = _side_by_side(
        con,
        "select * from marts.indicator_values where period between $first and $month",
        "period, indicator",
        ["value", "denominator"],
        {**p, "first": shift(month, -TREND_MONTHS + 1)},
    )
    of_month = lambda table: f"select * from marts.{table} where period = $month"  # noqa: E731
    pyramid = _side_by_side(con, of_month("population_by_age_sex"), "sex, age_band_start, age_band", ["persons"], p)
    municipalities = _side_by_side(
        con, of_month("listed_by_municipality"), "municipality_code, municipality_name", ["persons"], p
    )
    contacts = _side_by_side(
        con, of_month("contacts_by_profession_type"), "time_window, profession, contact_type", ["contacts"], p
    )
    morbidity = _side_by_side(
        con, of_month("morbidity_prevalence"), "diagnosis_group", ["persons", "listed", "per_1000"], p
    )
    staffing = _side_by_side(con, of_month("staffing_by_profession"), "profession", ["fte", "hired_fte"], p)
    population = centre_and_region_rows("population_summary")
    activity = centre_and_region_rows("activity_summary")
    standardised = centre_and_region_rows("standardised_rates", " order by measure desc")
    variation = rows(
        "select s.centre_id, s.indicator, c.label_sv, s.variation, s.centre_line, s.window_denominator, "
        "s.lower_limit, s.upper_limit, s.points "
        "from marts.access_spc s join reference.indicator_catalogue c using (indicator) "
        f"where s.centre_id {_IN_CENTRES} and s.period = $month order by s.centre_id, s.indicator desc"
    )
    spc = rows(
        f"select centre_id, {_SPC_CHART_COLUMNS} from marts.access_spc_chart "
        f"where centre_id {_IN_CENTRES} and period = $month order by centre_id, point_period"
    )
    top_diagnoses = rows(
        f"""
        select c.centre_id, c.category, c.category_title, c.contacts, c.persons, c.rank,
               r.contacts as region_contacts
        from marts.top_diagnoses c
        left join marts.top_diagnoses r
          on r.category = c.category and r.period = c.period and r.centre_id = '{REGION}'
        where c.centre_id {_IN_CENTRES} and c.period = $month and c.rank <= 10
        order by c.centre_id, c.rank
        """
    )
    findings = rows(
        f"""
        select c.centre_id, c.rule, c.label_sv, c.flagged, c.checked, c.share,
               r.flagged as region_flagged, r.checked as region_checked, r.share as region_share
        from marts.data_quality_findings c
        join marts.data_quality_findings r
          on r.rule = c.rule and r.period = c.period and r.centre_id = '{REGION}'
        where c.centre_id {_IN_CENTRES} and c.period = $month
        order by c.centre_id, c.rule
        """
    )
    worklists = {
        centre_id: [WorklistRow(*row[1:]) for row in centre_rows]
        for centre_id, centre_rows in itertools.groupby(
            con.execute(
                f"select centre_id, {', '.join(WorklistRow._fields)} from marts.registration_worklist "
                f"where centre_id {_IN_CENTRES} and period = $month "
                "order by centre_id, contact_date, contact_id, error_sv",
                p,
            ).fetchall(),
            key=operator.itemgetter(0),
        )
    }

    for centre_id in centre_ids:
        yield CentreMonth(
            centre_id=centre_id,
            centre_name=names[centre_id],
            month=month,
            indicators=indicators.of(centre_id),
            trend=trend.of(centre_id),
            population=_centre_and_region(population, centre_id),
            pyramid=pyramid.of(centre_id),
            municipalities=municipalities.of(centre_id),
            contacts=contacts.of(centre_id),
            professions=lists.professions,
            contact_types=lists.contact_types,
            activity=_centre_and_region(activity, centre_id),
            # an inner merge keeps the groups' order
            morbidity=lists.diagnosis_groups.merge(morbidity.of(centre_id), on="diagnosis_group"),
            top_diagnoses=top_diagnoses.of(centre_id),
            staffing=staffing.of(centre_id),
            worklist=worklists.get(centre_id, []),
            findings=findings.of(centre_id),
            variation=variation.of(centre_id),
            standardised=_centre_and_region(standardised, centre_id),
            spc_chart=spc.of(centre_id),
            definitions=lists.definitions,
        )
