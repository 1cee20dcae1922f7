"""Reading what a report shows from the marts: one centre's rows and REGION's, nothing else.

Reports contain no indicator logic; every figure comes from a mart as the warehouse keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

REGION = "REGION"


@dataclass
class CentreMonth:
    centre_id: str
    centre_name: str
    month: str
    indicators: pd.DataFrame  # indicator, label, kind, section, centre/region value, num, den
    trend: pd.DataFrame  # period, indicator, centre value, region value (13 months)
    pyramid: pd.DataFrame  # sex, age_band_start, age_band, centre persons, region persons
    contacts: pd.DataFrame  # time_window, profession, contact_type, centre contacts, region contacts


def centres(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select hsa_id, name from reference.centres order by hsa_id").df()


def latest_month(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("select max(period) from marts.indicator_values").fetchone()
    return row[0] if row else None


def load_centre_month(con: duckdb.DuckDBPyConnection, centre_id: str, month: str) -> CentreMonth:
    name_row = con.execute("select name from reference.centres where hsa_id = ?", [centre_id]).fetchone()
    if name_row is None:
        raise KeyError(f"{centre_id} is not a centre in seeds/centres.csv")
    indicators = con.execute(
        """
        select c.section, c.indicator, c.label_sv, c.kind, c.unit, c.person_count,
               v.numerator, v.denominator, v.value,
               r.numerator as region_numerator, r.denominator as region_denominator,
               r.value as region_value
        from reference.indicator_catalogue c
        join marts.indicator_values v on v.indicator = c.indicator and v.centre_id = ? and v.period = ?
        join marts.indicator_values r on r.indicator = c.indicator and r.centre_id = 'REGION' and r.period = ?
        """, [centre_id, month, month]).df()
    trend = con.execute(
        """
        select period, indicator,
               max(value) filter (where centre_id = ?) as value,
               max(denominator) filter (where centre_id = ?) as denominator,
               max(value) filter (where centre_id = 'REGION') as region_value
        from marts.indicator_values
        where centre_id in (?, 'REGION')
          and period between strftime(strptime(? || '-01', '%Y-%m-%d') - interval 12 month, '%Y-%m') and ?
        group by period, indicator
        order by period
        """, [centre_id, centre_id, centre_id, month, month]).df()
    pyramid = con.execute(
        """
        select sex, age_band_start, age_band,
               coalesce(max(persons) filter (where centre_id = ?), 0) as persons,
               coalesce(max(persons) filter (where centre_id = 'REGION'), 0) as region_persons
        from marts.population_by_age_sex
        where period = ? and centre_id in (?, 'REGION')
        group by sex, age_band_start, age_band
        order by age_band_start, sex
        """, [centre_id, month, centre_id]).df()
    contacts = con.execute(
        """
        select time_window, profession, contact_type,
               coalesce(max(contacts) filter (where centre_id = ?), 0) as contacts,
               coalesce(max(contacts) filter (where centre_id = 'REGION'), 0) as region_contacts
        from marts.contacts_by_profession_type
        where period = ? and centre_id in (?, 'REGION')
        group by time_window, profession, contact_type
        """, [centre_id, month, centre_id]).df()
    return CentreMonth(centre_id, name_row[0], month, indicators, trend, pyramid, contacts)
