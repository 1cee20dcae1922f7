"""The delivery checks as the users read them: one sentence per flag, in English for the load
summary and in Swedish for the reports, and the note that marks a month's figures provisional
for the centres a flag concerns (all of them when the flag is on the region as a whole).

What is flagged and why is decided in the warehouse (audit.delivery_checks); the words for each
measure come from seeds/delivery_rules.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from reports.marts import REGION


@dataclass(frozen=True)
class DeliveryFlag:
    month: str
    file: str
    centre_id: str
    centre_name: str
    measure: str
    observed: float | None
    expected_low: float
    expected_high: float
    number_format: str  # count, percent or decimal (seeds/delivery_rules.csv)
    unit_en: str
    unit_sv: str

    @property
    def is_regional(self) -> bool:
        return self.centre_id == REGION


def has_delivery_checks(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables "
        "where table_schema = 'audit' and table_name = 'delivery_checks'").fetchone()[0])


def delivery_flags(con: duckdb.DuckDBPyConnection, months: list[str]) -> list[DeliveryFlag]:
    """The flagged delivery checks of `months`: the region's first, then by file and centre."""
    if not months or not has_delivery_checks(con):
        return []
    rows = con.execute(f"""
        select d.month, d.file, d.centre_id, coalesce(c.name, 'Regionen'), d.measure, d.observed,
               d.expected_low, d.expected_high, r.number_format, r.unit_en, r.unit_sv
        from audit.delivery_checks d
        join reference.delivery_rules r using (measure)
        left join reference.centres c on c.hsa_id = d.centre_id
        where d.status = 'flagged' and d.month in ({", ".join("?" for _ in months)})
        order by d.month, d.centre_id <> '{REGION}', d.file, c.name, d.measure
        """, months).fetchall()
    return [DeliveryFlag(*row) for row in rows]


def delivery_grades(con: duckdb.DuckDBPyConnection, months: list[str]) -> dict[str, str]:
    """The grade (A–D) of each month's delivery as a whole."""
    if not months or not has_delivery_checks(con):
        return {}
    return dict(con.execute(
        f"select month, grade from audit.delivery_grades where file = 'ALL' "
        f"and month in ({', '.join('?' for _ in months)})", months).fetchall())


def _number(value: float | None, number_format: str, decimal: str) -> str:
    if value is None:
        return "–"
    if number_format == "percent":
        text = f"{100 * value:.0f} %"
    elif number_format == "decimal":
        text = f"{value:.2f}"
    else:
        text = f"{value:,.0f}".replace(",", " ")
    return text.replace(".", decimal)


def _range(flag: DeliveryFlag, decimal: str) -> str:
    low = _number(flag.expected_low, flag.number_format, decimal)
    high = _number(flag.expected_high, flag.number_format, decimal)
    if flag.number_format == "percent":
        low = low.removesuffix(" %")
    return f"{low}–{high}"


def sentence_en(flag: DeliveryFlag) -> str:
    """`vardkontakter.csv: Hälsocentralen X has 212 contacts, expected 640–810`."""
    who = "the region" if flag.is_regional else flag.centre_name
    return (f"{flag.file}: {who} has {_number(flag.observed, flag.number_format, '.')} {flag.unit_en}, "
            f"expected {_range(flag, '.')}")


def finding_sv(flag: DeliveryFlag) -> str:
    """`212 kontakter, förväntat 640–810`."""
    return f"{_number(flag.observed, flag.number_format, ',')} {flag.unit_sv}, förväntat {_range(flag, ',')}"


def sentence_sv(flag: DeliveryFlag) -> str:
    """`vardkontakter.csv: Hälsocentralen X har 212 kontakter, förväntat 640–810`."""
    who = "regionen som helhet" if flag.is_regional else flag.centre_name
    return f"{flag.file}: {who} har {finding_sv(flag)}"


def concerns(flag: DeliveryFlag, centre_id: str) -> bool:
    """A flag on the region concerns every centre; a centre's flag only that centre."""
    return flag.is_regional or flag.centre_id == centre_id


def provisional_note(con: duckdb.DuckDBPyConnection, month: str, centre_id: str | None = None) -> str:
    """The note that marks a report's figures provisional, in Swedish: the month's flags that
    concern `centre_id` (every flag for the board's report, `centre_id` None); empty when there
    are none."""
    flags = [f for f in delivery_flags(con, [month]) if centre_id is None or concerns(f, centre_id)]
    if not flags:
        return ""
    grade = delivery_grades(con, [month]).get(month)
    graded = f" (leveransens betyg {grade})" if grade else ""
    return (f"Preliminära siffror: leveransen för {month}{graded} ser ofullständig ut jämfört med "
            f"månaderna före: " + "; ".join(sentence_sv(f) for f in flags)
            + ". Siffrorna byggs ändå och ändras när månaden levereras på nytt.")
