"""The delivery checks as the users read them: one sentence per flag, in English for the load
summary and in Swedish for the reports, and the note that marks a month's figures provisional
for the centres a flag concerns (all of them when the flag is on the region as a whole).

What is flagged and why is decided in the warehouse (audit.delivery_checks); the words for each
measure come from seeds/delivery_rules.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from baspaket.reports.marts import REGION
from baspaket.reports.swedish import number, share
from baspaket.warehouse import has_tables

DELIVERY_TABLES = ("audit.delivery_checks", "audit.delivery_grades")


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

    def concerns(self, centre_id: str) -> bool:
        """A flag concerns a centre when it is the centre's own or the region's (a flag on the
        region as a whole concerns every centre)."""
        return self.centre_id in (centre_id, REGION)


def has_delivery_checks(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse has the delivery checks (one built before them has not)."""
    return has_tables(con, *DELIVERY_TABLES)


def delivery_flags(
    con: duckdb.DuckDBPyConnection, months: list[str], centre_id: str | None = None
) -> list[DeliveryFlag]:
    """The flagged delivery checks of `months`, the region's first, then by file and centre.
    With `centre_id`, those that concern that centre (`DeliveryFlag.concerns`)."""
    if not months or not has_delivery_checks(con):
        return []
    rows = con.execute(
        f"""
        select d.month, d.file, d.centre_id, coalesce(c.name, 'Regionen'), d.measure, d.observed,
               d.expected_low, d.expected_high, r.number_format, r.unit_en, r.unit_sv
        from audit.delivery_checks d
        join reference.delivery_rules r using (measure)
        left join reference.centres c on c.hsa_id = d.centre_id
        where d.status = 'flagged' and d.month in ({", ".join("?" for _ in months)})
        order by d.month, d.centre_id <> '{REGION}', d.file, c.name, d.measure
        """,
        months,
    ).fetchall()
    flags = [DeliveryFlag(*row) for row in rows]
    return flags if centre_id is None else concerning(flags, centre_id)


def concerning(flags: list[DeliveryFlag], centre_id: str) -> list[DeliveryFlag]:
    """The flags of `flags` that concern the centre (`DeliveryFlag.concerns`), in their order."""
    return [flag for flag in flags if flag.concerns(centre_id)]


def delivery_grades(con: duckdb.DuckDBPyConnection, months: list[str]) -> dict[str, str]:
    """The grade (A–D) of each month's delivery as a whole."""
    if not months or not has_delivery_checks(con):
        return {}
    return dict(
        con.execute(
            f"select month, grade from audit.delivery_grades where file = 'ALL' "
            f"and month in ({', '.join('?' for _ in months)})",
            months,
        ).fetchall()
    )


def _number(value: float | None, number_format: str, swedish: bool) -> str:
    """`212`, `0.17`, `41 %`: Swedish (decimal comma) or English (decimal point), space as the
    thousands separator either way."""
    if value is None:
        return "–"
    text = {"percent": share(value, 0), "decimal": number(value, 2)}.get(number_format) or number(value)
    return text if swedish else text.replace(",", ".")


def _range(flag: DeliveryFlag, swedish: bool) -> str:
    low = _number(flag.expected_low, flag.number_format, swedish)
    high = _number(flag.expected_high, flag.number_format, swedish)
    if flag.number_format == "percent":
        low = low.removesuffix(" %")
    return f"{low}–{high}"


def sentence_en(flag: DeliveryFlag) -> str:
    """`vardkontakter.csv: Hälsocentralen X has 212 contacts, expected 640–810`."""
    who = "the region" if flag.is_regional else flag.centre_name
    return (
        f"{flag.file}: {who} has {_number(flag.observed, flag.number_format, False)} {flag.unit_en}, "
        f"expected {_range(flag, False)}"
    )


def finding_sv(flag: DeliveryFlag) -> str:
    """`212 kontakter, förväntat 640–810`."""
    return f"{_number(flag.observed, flag.number_format, True)} {flag.unit_sv}, förväntat {_range(flag, True)}"


def sentence_sv(flag: DeliveryFlag) -> str:
    """`vardkontakter.csv: Hälsocentralen X har 212 kontakter, förväntat 640–810`."""
    who = "regionen som helhet" if flag.is_regional else flag.centre_name
    return f"{flag.file}: {who} har {finding_sv(flag)}"


def provisional_note(con: duckdb.DuckDBPyConnection, month: str, centre_id: str | None = None) -> str:
    """The note that marks a report's figures provisional, in Swedish: the month's flags that
    concern `centre_id` (every flag for the board's report, `centre_id` None); empty when there
    are none."""
    flags = delivery_flags(con, [month], centre_id)
    return note_of(month, flags, delivery_grades(con, [month]).get(month) if flags else None)


def note_of(month: str, flags: list[DeliveryFlag], grade: str | None) -> str:
    """The provisional note of `month`'s report from the flags that concern it and the month's
    delivery grade (audit.delivery_grades), both read by the caller: the report workers read
    them once for all their centres."""
    if not flags:
        return ""
    graded = f" (leveransens betyg {grade})" if grade else ""
    return (
        f"Preliminära siffror: leveransen för {month}{graded} ser ofullständig ut jämfört med "
        f"månaderna före: "
        + "; ".join(sentence_sv(f) for f in flags)
        + ". Siffrorna byggs ändå och ändras när månaden levereras på nytt."
    )
