"""The month's data-quality page for the region's analysts: one self-contained HTML file that
opens from disk with no network (the Great Expectations Data Docs load their styles and scripts
from public CDNs, so on a hospital network without internet they show an unstyled page).

    <output>/<YYYY-MM>/data_quality_<YYYY-MM>.html

It shows what the load and the suites found, named by month, file, suite and centre: the rows
read, loaded and rejected per file and the reasons; the structure suite per file; the
registration suite per rule and centre, with what each count is a share of; the findings on
single persons; whether the delivery looks complete against the trailing months, with its
grade. Counts of rows, contacts and codes only; persons' counts follow the disclosure rules; no
person, pseudonym or value.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from baspaket.reports.delivery import delivery_flags, finding_sv, has_delivery_checks
from baspaket.reports.html import write_page
from baspaket.reports.swedish import month_name
from baspaket.reports.tables import SHARE, Section, Table, count, number, persons, persons_and_share, text

OF_WHAT = {"contacts": "kontakter", "codes": "koder"}


def quality_page_name(month: str) -> str:
    return f"data_quality_{month}.html"


def _delivery(con: duckdb.DuckDBPyConnection, month: str) -> Section:
    section = Section(
        "Leveransen",
        "1. Leveransen: rader lästa, inlästa och avvisade",
        "Varje rad i månadens filer är antingen inläst eller avvisad med sitt skäl "
        "(audit.rejects: rad, kolumn och skäl). Lästa = inlästa + avvisade.",
    )
    files = con.execute(
        """
        select file, rows_read, rows_loaded, rows_rejected, status, coalesce(message, '')
        from audit.file_loads where month = ?
        qualify row_number() over (partition by file order by loaded_at desc) = 1
        order by file""",
        [month],
    ).fetchall()
    section.tables.append(
        Table(
            "Filer",
            ["Fil", "Lästa rader", "Inlästa", "Avvisade", "Andel avvisade", "Status", "Meddelande"],
            [
                [
                    text(f),
                    count(r),
                    count(ld),
                    count(rj),
                    number(rj / r if r else 0, SHARE),
                    text(status),
                    text(message),
                ]
                for f, r, ld, rj, status, message in files
            ],
        )
    )
    reasons = con.execute(
        """
        select file, coalesce("column", '(hela raden)'), reason, count(*) as rows
        from audit.rejects where month = ?
        group by all order by rows desc, file limit 50""",
        [month],
    ).fetchall()
    section.tables.append(
        Table(
            "Avvisade rader per skäl (de 50 vanligaste)",
            ["Fil", "Kolumn", "Skäl", "Rader"],
            [[text(f), text(c), text(reason), count(n)] for f, c, reason, n in reasons],
        )
    )
    return section


def _structure(con: duckdb.DuckDBPyConnection, month: str) -> Section:
    section = Section(
        "Struktur",
        "2. Strukturkontroller (stoppar månaden vid fel)",
        "Great Expectations-sviten structure_<fil> per fil: rader finns, nycklar unika, "
        "obligatoriska värden finns, andelen avvisade rader under gränsen.",
    )
    rows = con.execute(
        """
        select suite, check_name, success, unexpected_count, element_count
        from audit.quality_results where month = ? and suite like 'structure_%'
        order by suite, check_name""",
        [month],
    ).fetchall()
    section.tables.append(
        Table(
            f"Sviter structure_*, {month}",
            ["Svit", "Kontroll", "Utfall", "Fel", "Av rader"],
            [
                [text(suite), text(check), text("OK" if ok else "FEL"), count(bad), count(of)]
                for suite, check, ok, bad, of in rows
            ],
        )
    )
    return section


def _registration(con: duckdb.DuckDBPyConnection, month: str) -> Section:
    section = Section(
        "Registrering",
        "3. Registreringskontroller (varnar, stoppar inte)",
        "Sviten registration_quality per regel och vårdcentral. En vårdcentral varnas när "
        "den nedre gränsen för dess andel (99,8 %) ligger över regelns tolerans "
        "(seeds/registration_rules.csv): en liten vårdcentral varnas inte för slumpen.",
    )
    rows = con.execute(
        """
        select c.check_name, coalesce(k.label_sv, c.check_name), c.checked_on, c.centre_id,
               coalesce(n.name, 'Regionen'), c.flagged, c.checked, c.share, c.share_lower_limit,
               c.tolerated_share, q.success
        from marts.registration_check_counts c
        left join reference.indicator_catalogue k on k.indicator = c.check_name
        left join reference.centres n on n.hsa_id = c.centre_id
        left join audit.quality_results q
          on q.month = c.period and q.suite = 'registration_quality' and q.check_name = c.check_name
         and q.centre_id = c.centre_id
        where c.period = ?
        order by c.check_name, c.centre_id <> 'REGION', c.share_lower_limit desc, c.centre_id""",
        [month],
    ).fetchall()
    by_check: dict[str, list] = {}
    for row in rows:
        by_check.setdefault(row[0], []).append(row)
    for check, members in by_check.items():
        label, of_what, tolerance = members[0][1], OF_WHAT.get(members[0][2], members[0][2]), members[0][9]
        warned = sum(1 for m in members if m[10] is False and m[3] != "REGION")
        table_rows = []
        for _, _, _, centre_id, name, flagged, checked, share, lower, _, success in members:
            verdict = "ej validerad" if success is None else ("OK" if success else "Varning")
            table_rows.append(
                [
                    text(name),
                    text("" if centre_id == "REGION" else centre_id),
                    count(flagged),
                    count(checked),
                    number(share, SHARE),
                    number(lower, SHARE),
                    text(verdict),
                ]
            )
        section.tables.append(
            Table(
                f"{label} ({check}): tolerans {100 * tolerance:.1f} %, {warned} vårdcentraler varnade".replace(
                    ".", ","
                ),
                ["Vårdcentral", "HSA-id", "Fel", f"Av {of_what}", "Andel", "Nedre gräns (99,8 %)", "Utfall"],
                table_rows,
            )
        )
    return section


def _findings(con: duckdb.DuckDBPyConnection, month: str) -> Section:
    section = Section(
        "Fynd",
        "4. Fynd om enskilda personer i listningen (räknas, stoppar inte)",
        "Per regel i seeds/finding_rules.csv, för hela regionen: personer med uppgifter som "
        "behöver rättas. Per vårdcentral: avsnitt 7 i vårdcentralens baspaket.",
    )
    rows = con.execute(
        """
        select r.label_sv, f.flagged, f.checked, f.share, f.tolerated_share, f.exceeds_tolerance
        from marts.data_quality_findings f join reference.finding_rules r using (rule)
        where f.period = ? and f.centre_id = 'REGION' order by r.rule""",
        [month],
    ).fetchall()
    section.tables.append(
        Table(
            "Regionen",
            ["Fynd", "Personer", "Andel", "Av listade", "Tolerans", "Utfall"],
            [
                [
                    text(label),
                    *persons_and_share(flagged, share, checked),
                    persons(checked),
                    number(tolerance, SHARE),
                    text("Över toleransen" if over else "OK"),
                ]
                for label, flagged, checked, share, tolerance, over in rows
            ],
        )
    )
    return section


STATUS_SV = {
    "ok": "inom bandet",
    "flagged": "flaggad",
    "too_small": "för liten volym",
    "no_history": "för kort historik",
}


def completeness_section(con: duckdb.DuckDBPyConnection, month: str) -> Section:
    section = Section(
        "Fullständighet",
        "5. Är leveransen fullständig? (varnar, stoppar inte)",
        "Varje fil per vårdcentral jämförd med samma vårdcentrals (upp till tolv) månader före "
        "(audit.delivery_checks, docs/delivery-checks.md). En flagga stoppar inte månaden: "
        "siffrorna byggs och märks preliminära i de berörda vårdcentralernas baspaket och i "
        "styrelserapporten. Betyg: A inget flaggat, B flaggor som rör högst 5 % av filens "
        "rader, C högst 25 %, D mer eller filen som helhet.",
    )
    if not has_delivery_checks(con):
        return section
    flags = delivery_flags(con, [month])
    section.tables.append(
        Table(
            f"Flaggat {month} ({len(flags)})",
            ["Fil", "Vårdcentral", "Observerat och förväntat"],
            [[text(f.file), text(f.centre_name), text(finding_sv(f))] for f in flags],
        )
    )
    months = [
        m
        for (m,) in con.execute(
            "select distinct month from audit.delivery_grades where month <= ? order by month desc limit 13", [month]
        ).fetchall()
    ][::-1]
    grades = (
        con.execute(
            f"select file, month, grade from audit.delivery_grades where month in ({', '.join('?' for _ in months)})",
            months,
        ).fetchall()
        if months
        else []
    )
    by_file: dict[str, dict[str, str]] = {}
    for file, m, grade in grades:
        by_file.setdefault(file, {})[m] = grade
    files = sorted(by_file, key=lambda f: (f == "ALL", f))
    section.tables.append(
        Table(
            "Betyg per månad och fil",
            ["Fil", *months],
            [
                [text("Hela leveransen" if f == "ALL" else f), *(text(by_file[f].get(m, "")) for m in months)]
                for f in files
            ],
        )
    )
    statuses = con.execute(
        "select file, status, count(*) from audit.delivery_checks where month = ? group by all", [month]
    ).fetchall()
    counted: dict[str, dict[str, int]] = {}
    for file, status, n in statuses:
        counted.setdefault(file, {})[status] = n
    section.tables.append(
        Table(
            "Kontroller per fil och utfall",
            ["Fil", *STATUS_SV.values()],
            [[text(f), *(count(counted[f].get(s, 0)) for s in STATUS_SV)] for f in sorted(counted)],
        )
    )
    return section


def write_quality_page(con: duckdb.DuckDBPyConnection, output: Path, month: str) -> Path:
    sections = [
        _delivery(con, month),
        _structure(con, month),
        _registration(con, month),
        _findings(con, month),
        completeness_section(con, month),
    ]
    title = f"Datakvalitet, {month_name(month)}"
    subtitle = f"Regionens laddning av {month}: filer, strukturkontroller, registrering, fynd och fullständighet"
    about = [
        "Sidan skrivs vid varje laddning av månaden och öppnas utan nätverk. Great Expectations "
        "Data Docs (output/data_docs/) visar samma valideringar för den som har internet.",
        "Andelar är av de rader regeln gäller: kontakter eller koder, som kolumnrubriken säger.",
    ]
    return write_page(output / month / quality_page_name(month), title, subtitle, sections, about)
