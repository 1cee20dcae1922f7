"""The report files of outputs.md, by their contract names:

<output>/<YYYY-MM>/baspaket_<HSA-id>_<YYYY-MM>.xlsx and .html   (each centre)
<output>/<YYYY-MM>/board_access_<YYYY-MM>.xlsx and .html         (the board)
<output>/<YYYY-MM>/region_overview_<YYYY-MM>.xlsx and .html      (the region's analysts)
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb

from baspaket.reports import board, disclosure, overview
from baspaket.reports.baspaket import build_sections
from baspaket.reports.delivery import concerning, delivery_flags, delivery_grades, note_of, provisional_note
from baspaket.reports.excel import write_workbook
from baspaket.reports.html import write_page
from baspaket.reports.marts import (
    CENTRES_PER_READ,
    CentreMonth,
    ReferenceLists,
    load_centre_month,
    load_centres_month,
)
from baspaket.reports.swedish import month_name
from baspaket.settings import count_per_core
from baspaket.warehouse import connect

ABOUT = [
    "Siffrorna kommer från regionens datalager (marts) och definieras i projektets indikatorhandbok (dbt docs).",
    f"Röjandeskydd: antal personer 1–4 visas som {disclosure.SMALL_COUNT}; en andel vars nämnare är mindre än "
    f"{disclosure.MIN_DENOMINATOR} visas som {disclosure.SUPPRESSED}, med skälet i kolumnen Kommentar. "
    "Datalagret behåller de exakta värdena.",
    "Regionens värde är samma formel räknad över alla regionens vårdcentraler, inte ett medelvärde av deras värden.",
    "Datum skrivs ÅÅÅÅ-MM-DD. Andelar i procent; ✗ och röd markering: målnivån nås inte.",
]


def baspaket_name(centre_id: str, month: str, suffix: str) -> str:
    return f"baspaket_{centre_id}_{month}.{suffix}"


def board_name(month: str, suffix: str) -> str:
    return f"board_access_{month}.{suffix}"


def overview_name(month: str, suffix: str) -> str:
    return f"region_overview_{month}.{suffix}"


def write_baspaket(
    con: duckdb.DuckDBPyConnection, output: Path, centre_id: str, month: str, lists: ReferenceLists | None = None
) -> list[Path]:
    return _write_centre(
        output, load_centre_month(con, centre_id, month, lists), provisional_note(con, month, centre_id)
    )


def _write_centre(output: Path, data: CentreMonth, notice: str) -> list[Path]:
    """The centre's workbook and page from what its baspaket shows (`data`), marked provisional by
    `notice` when it is not empty."""
    centre_id, month = data.centre_id, data.month
    sections = build_sections(data)
    title = f"Baspaket {data.centre_name}, {month_name(month)}"
    subtitle = f"{data.centre_name} ({centre_id}) · referensdatum månadens sista dag · jämfört med regionen"
    folder = output / month
    return [
        write_workbook(folder / baspaket_name(centre_id, month, "xlsx"), title, sections, ABOUT, notice),
        write_page(folder / baspaket_name(centre_id, month, "html"), title, subtitle, sections, ABOUT, notice=notice),
    ]


WORKERS_ENV = "BASPAKET_REPORT_WORKERS"


def report_workers() -> int:
    """Processes writing baspakets side by side: BASPAKET_REPORT_WORKERS, else one per core."""
    return count_per_core(WORKERS_ENV)


def _write_some(warehouse: str, output: str, centre_ids: list[str], month: str) -> list[Path]:
    con = connect(Path(warehouse), read_only=True)
    try:
        lists = ReferenceLists.load(con)
        # the month's flags and grade, read once: a centre's flags are a few of them
        flags = delivery_flags(con, [month])
        grade = delivery_grades(con, [month]).get(month)
        written = []
        for first in range(0, len(centre_ids), CENTRES_PER_READ):
            for data in load_centres_month(con, centre_ids[first : first + CENTRES_PER_READ], month, lists):
                notice = note_of(month, concerning(flags, data.centre_id), grade)
                written += _write_centre(Path(output), data, notice)
        return written
    finally:
        con.close()


def write_baspakets(
    warehouse: Path, output: Path, centre_ids: list[str], month: str, workers: int | None = None
) -> list[Path]:
    """Every centre's baspaket for `month`, spread over `workers` processes (each with its own
    read-only connection): the charts and workbooks are Python work, one core each."""
    workers = min(workers or report_workers(), len(centre_ids))
    if workers <= 1:
        return _write_some(str(warehouse), str(output), centre_ids, month)
    shares = [centre_ids[i::workers] for i in range(workers)]
    # spawn, not fork: the parent holds DuckDB and Dagster threads that a fork would copy mid-step
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = pool.map(_write_some, [str(warehouse)] * workers, [str(output)] * workers, shares, [month] * workers)
        return sorted(p for paths in done for p in paths)


def write_board(con: duckdb.DuckDBPyConnection, output: Path, month: str) -> list[Path]:
    data = board.load_board(con, month)
    sections = board.build_sections(data)
    title = f"Tillgänglighet i primärvården, {month_name(month)}"
    subtitle = "Vårdgarantin 0:an och 3:an per vårdcentral och för regionen, med registreringsförbehåll"
    folder = output / month
    notice = provisional_note(con, month)
    return [
        write_workbook(folder / board_name(month, "xlsx"), title, sections, ABOUT, notice),
        write_page(folder / board_name(month, "html"), title, subtitle, sections, ABOUT, landscape=True, notice=notice),
    ]


def write_overview(con: duckdb.DuckDBPyConnection, output: Path, month: str) -> list[Path]:
    data = overview.load_overview(con, month)
    sections = overview.build_sections(con, data)
    title = f"Regionens översikt, {month_name(month)}"
    subtitle = (
        "Alla vårdcentraler och indikatorer med 95 %-intervall, jämförelser med regionen och målen, "
        "trattdiagram, standardiserade mått och variation över tid"
    )
    folder = output / month
    notice = provisional_note(con, month)
    return [
        write_workbook(folder / overview_name(month, "xlsx"), title, sections, ABOUT, notice),
        write_page(
            folder / overview_name(month, "html"), title, subtitle, sections, ABOUT, landscape=True, notice=notice
        ),
    ]
