"""Malformed deliveries: each case ends one of two ways, and the test says which.

- refused: the month is refused with a message naming the file (and the column), the audit
  records the refusal, and nothing of the month changes;
- loaded: the good rows load, the bad ones are in audit.rejects with row, column and reason.

Rows read = loaded + rejected holds for every file of every loaded case. A real synthetic
month (2 centres) is the starting point; each case changes one thing in one file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from baspaket.ingest import reader
from baspaket.ingest.delivery import Delivery
from baspaket.ingest.loader import MonthRefused, load_month
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.ingest.reader import SCRATCH_PREFIX
from baspaket.synthetic.generator import SynthConfig, generate
from baspaket.synthetic.messiness import CP1252_FILES
from baspaket.warehouse import TEMP_DIR_ENV, connect
from tests.conftest import TEST_KEY

P = Pseudonymiser(TEST_KEY)
MONTH = "2025-02"


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    """The two months' exports, and beside them (`loaded_warehouse`) a warehouse holding both
    as delivered, which each case starts from: loading them for every case took two thirds of
    this module's time."""
    root = tmp_path_factory.mktemp("bad_input")
    generate(root, SynthConfig(persons=300, centres=2, first_month="2025-01", last_month=MONTH, seed=11))
    con = connect(loaded_warehouse(root))
    load_month(con, Delivery("2025-01", root / "2025-01"), P)
    load_month(con, Delivery(MONTH, root / MONTH), P)  # the month as it was
    con.close()
    return root


def loaded_warehouse(landing: Path) -> Path:
    return landing.with_name(landing.name + "_loaded.duckdb")


def encoding_of(file: str) -> str:
    return "cp1252" if file in CP1252_FILES else "utf-8-sig" if file == "listning.csv" else "utf-8"


def lines_of(folder: Path, file: str) -> list[str]:
    return (folder / file).read_text(encoding=encoding_of(file)).splitlines()


def write_lines(
    folder: Path, file: str, lines: list[str], encoding: str | None = None, end: str = "\n", final_newline: bool = True
) -> None:
    text = end.join(lines) + (end if final_newline else "")
    (folder / file).write_bytes(text.encode(encoding or encoding_of(file)))


def edit_row(folder: Path, file: str, row: int, column: str, value: str) -> None:
    lines = lines_of(folder, file)
    header = lines[0].split(";")
    fields = lines[row].split(";")
    fields[header.index(column)] = value
    lines[row] = ";".join(fields)
    write_lines(folder, file, lines)


def append_row(folder: Path, file: str, line: str) -> None:
    write_lines(folder, file, lines_of(folder, file) + [line])


def copy_row(folder: Path, file: str, row: int, **changes) -> None:
    lines = lines_of(folder, file)
    header = lines[0].split(";")
    fields = lines[row].split(";")
    for column, value in changes.items():
        fields[header.index(column)] = value
    write_lines(folder, file, lines + [";".join(fields)])


@dataclass
class Outcome:
    result: object  # MonthLoad or MonthRefused
    con: object
    before: dict

    def audit(self, file: str):
        return self.con.execute(
            "select rows_read, rows_loaded, rows_rejected, status, message, warnings from audit.file_loads "
            "where month = ? and file = ? order by loaded_at desc limit 1",
            [MONTH, file],
        ).fetchone()

    def rejects(self, file: str):
        return self.con.execute(
            'select row_number, "column", reason, raw_row from audit.rejects where month = ? and file = ? '
            "order by row_number",
            [MONTH, file],
        ).fetchall()

    def raw(self, table: str, where: str = "true"):
        return self.con.execute(f"select * from raw.{table} where delivery_month = ? and {where}", [MONTH]).df()


def counts(con) -> dict:
    return {
        t: con.execute(f"select count(*) from raw.{t} where delivery_month = ?", [MONTH]).fetchone()[0]
        for t in (
            "listning",
            "vardkontakter",
            "diagnoser_atgarder",
            "telefoni",
            "matvarden",
            "lakemedel",
            "halsosamtal",
            "bemanning",
        )
    }


def run_case(landing: Path, tmp_path: Path, mutate: Callable[[Path], None]) -> Outcome:
    shutil.copy(loaded_warehouse(landing), tmp_path / "w.duckdb")
    con = connect(tmp_path / "w.duckdb")
    before = counts(con)
    folder = tmp_path / MONTH
    shutil.copytree(landing / MONTH, folder)
    mutate(folder)
    try:
        result = load_month(con, Delivery(MONTH, folder), P)
    except MonthRefused as refused:
        result = refused
    if not isinstance(result, MonthRefused):
        for f in result.files.values():
            assert f.rows_read == f.rows_loaded + f.rows_rejected, f.file
        for row in con.execute(
            "select file, rows_read, rows_loaded, rows_rejected from audit.file_loads where status = 'loaded'"
        ).fetchall():
            assert row[1] == row[2] + row[3], row
    return Outcome(result, con, before)


def refused(outcome: Outcome, file: str, *words: str) -> None:
    assert isinstance(outcome.result, MonthRefused)
    assert file in outcome.result.message
    for w in words:
        assert w in outcome.result.message
    assert counts(outcome.con) == outcome.before  # nothing of the month changed
    status, message = outcome.audit(file)[3:5]
    assert status == "refused" and message


def one_reject(outcome: Outcome, file: str, column: str | None, reason: str) -> tuple:
    [reject] = outcome.rejects(file)
    assert reject[1] == column and reason in reject[2], reject
    assert outcome.audit(file)[2] == 1
    return reject


# ---------------------------------------------------------------- the file as a whole


def test_wrong_delimiter_refuses_the_month(landing, tmp_path):
    out = run_case(
        landing,
        tmp_path,
        lambda f: write_lines(f, "telefoni.csv", [line.replace(";", ",") for line in lines_of(f, "telefoni.csv")]),
    )
    refused(out, "telefoni.csv", "separated by something else")


def test_windows_1252_keeps_swedish_letters(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: None)  # telefoni.csv is delivered in Windows-1252
    assert out.audit("telefoni.csv")[3] == "loaded"
    assert "Rådgivning" in set(out.raw("telefoni")["Ko"])


def test_utf8_with_and_without_bom(landing, tmp_path):
    def mutate(f):
        write_lines(f, "listning.csv", lines_of(f, "listning.csv"), encoding="utf-8")  # without BOM
        write_lines(f, "matvarden.csv", lines_of(f, "matvarden.csv"), encoding="utf-8-sig")  # with BOM

    out = run_case(landing, tmp_path, mutate)
    assert counts(out.con) == out.before


def test_windows_line_endings(landing, tmp_path):
    out = run_case(
        landing, tmp_path, lambda f: write_lines(f, "lakemedel.csv", lines_of(f, "lakemedel.csv"), end="\r\n")
    )
    assert counts(out.con) == out.before


def test_required_column_missing_refuses_naming_it(landing, tmp_path):
    def mutate(f):
        lines = lines_of(f, "vardkontakter.csv")
        write_lines(f, "vardkontakter.csv", [lines[0].replace("Vardgaranti", "VG")] + lines[1:])

    refused(run_case(landing, tmp_path, mutate), "vardkontakter.csv", "Vardgaranti")


def test_unknown_extra_column_is_ignored_with_a_warning(landing, tmp_path):
    def mutate(f):
        lines = lines_of(f, "lakemedel.csv")
        write_lines(f, "lakemedel.csv", [lines[0] + ";Dosering"] + [line + ";1x1" for line in lines[1:]])

    out = run_case(landing, tmp_path, mutate)
    assert "Dosering" in out.audit("lakemedel.csv")[5]
    assert counts(out.con) == out.before


def test_unreadable_header_refuses_the_month(landing, tmp_path):
    def mutate(f):
        lines = lines_of(f, "lakemedel.csv")
        write_lines(f, "lakemedel.csv", ['"Personnummer;Datum;ATC;VardenhetHSAid'] + lines[1:])

    refused(run_case(landing, tmp_path, mutate), "lakemedel.csv", "header")


def test_empty_file_refuses_the_month(landing, tmp_path):
    refused(run_case(landing, tmp_path, lambda f: (f / "halsosamtal.csv").write_bytes(b"")), "halsosamtal.csv", "empty")


def test_header_only_loads_no_rows(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: write_lines(f, "telefoni.csv", lines_of(f, "telefoni.csv")[:1]))
    assert out.audit("telefoni.csv")[:4] == (0, 0, 0, "loaded")


def test_month_folder_missing_a_file_is_refused(landing, tmp_path):
    refused(run_case(landing, tmp_path, lambda f: (f / "bemanning.csv").unlink()), "bemanning.csv", "missing")


def test_file_names_in_another_letter_case_load(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: (f / "listning.csv").rename(f / "LISTNING.CSV"))
    assert counts(out.con) == out.before


def test_an_export_under_another_ending_is_named_in_the_refusal(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: (f / "vardkontakter.csv").rename(f / "vardkontakter.txt"))
    refused(out, "vardkontakter.csv", "missing", "the folder has vardkontakter.txt")


def test_redelivered_month_with_fewer_rows_replaces_the_old(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: write_lines(f, "telefoni.csv", lines_of(f, "telefoni.csv")[:6]))
    assert counts(out.con)["telefoni"] == 5 < out.before["telefoni"]


# ---------------------------------------------------------------- lines and fields


def test_truncated_last_line_is_rejected(landing, tmp_path):
    def mutate(f):
        lines = lines_of(f, "lakemedel.csv")
        write_lines(f, "lakemedel.csv", lines[:-1] + [lines[-1][:15]], final_newline=False)

    out = run_case(landing, tmp_path, mutate)
    row, column, reason, _ = one_reject(out, "lakemedel.csv", None, "expected 4 fields")
    assert row == out.audit("lakemedel.csv")[0]


def test_quotes_and_semicolons_inside_a_field(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: edit_row(f, "telefoni.csv", 1, "Ko", '"Recept; förnyelse ""akut"""'))
    assert 'Recept; förnyelse "akut"' in set(out.raw("telefoni")["Ko"])


def test_unterminated_quote_rejects_the_rest_as_unreadable(landing, tmp_path):
    def mutate(f):
        lines = lines_of(f, "telefoni.csv")
        write_lines(
            f,
            "telefoni.csv",
            lines
            + [
                lines[-1]
                .replace(";Tidbokning", ';"Tidbokning')
                .replace(";Recept", ';"Recept')
                .replace(";Provsvar", ';"Provsvar')
                .replace(";Rådgivning", ';"Rådgivning')
                .replace(";Barnhälsovård", ';"Barnhälsovård')
            ],
        )

    out = run_case(landing, tmp_path, mutate)
    [reject] = out.rejects("telefoni.csv")
    assert "unreadable" in reject[2]


def test_blank_lines_are_not_rows(landing, tmp_path):
    def mutate(f):
        lines = lines_of(f, "lakemedel.csv")
        write_lines(f, "lakemedel.csv", lines[:3] + ["", ""] + lines[3:])

    out = run_case(landing, tmp_path, mutate)
    assert out.audit("lakemedel.csv")[:3] == (out.before["lakemedel"], out.before["lakemedel"], 0)


def test_impossible_date_is_rejected(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: edit_row(f, "lakemedel.csv", 2, "Datum", "2025-02-30")),
        "lakemedel.csv",
        "Datum",
        "impossible date",
    )


def test_date_time_without_time_is_rejected(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: edit_row(f, "vardkontakter.csv", 3, "Kontaktdatum", "2025-02-05")),
        "vardkontakter.csv",
        "Kontaktdatum",
        "without a time",
    )


def test_mended_copies_are_made_beside_the_warehouse_and_a_killed_loads_are_removed(landing, tmp_path, monkeypatch):
    """A mended copy of an export (the Windows-1252 files, transcoded) holds the delivery's text,
    personnummer and all. It is written in the warehouse's temporary folder, not the system's
    /tmp, and the copies that a killed load left there are removed by the next load; a recent
    one (a load of another warehouse sharing the folder) is left alone."""
    monkeypatch.delenv(TEMP_DIR_ENV, raising=False)
    temp = tmp_path / "w.duckdb.tmp"  # DuckDB's own temporary folder of tmp_path / "w.duckdb"
    stale, recent = temp / f"{SCRATCH_PREFIX}killed", temp / f"{SCRATCH_PREFIX}running"
    for folder in (stale, recent):
        folder.mkdir(parents=True)
        (folder / "listning.csv").write_text("Personnummer;Kon\n")
    seven_hours_ago = time.time() - 7 * 3600
    os.utime(stale, (seven_hours_ago, seven_hours_ago))
    made_in = []
    real = tempfile.TemporaryDirectory

    def recorded(*args, **kwargs):
        made_in.append(kwargs.get("dir"))
        return real(*args, **kwargs)

    monkeypatch.setattr(reader.tempfile, "TemporaryDirectory", recorded)
    outcome = run_case(landing, tmp_path, lambda f: None)
    assert not isinstance(outcome.result, MonthRefused)
    assert len(made_in) == len(CP1252_FILES) and set(made_in) == {temp}
    assert not stale.exists() and recent.exists()
    assert sorted(temp.glob(f"{SCRATCH_PREFIX}*")) == [recent]  # this load's own copies are gone


def test_decimal_point_where_a_comma_belongs(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: edit_row(f, "bemanning.csv", 1, "Sysselsattning", "0.5")),
        "bemanning.csv",
        "Sysselsattning",
        "decimal point",
    )


def test_share_of_full_time_above_one_is_rejected(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: edit_row(f, "bemanning.csv", 1, "Sysselsattning", "1,5")),
        "bemanning.csv",
        "Sysselsattning",
        "plausible range",
    )


@pytest.mark.parametrize("value", ["0", "400"])
def test_absurd_systolic_pressure_is_rejected(landing, tmp_path, value):
    def mutate(f):
        lines = lines_of(f, "matvarden.csv")
        row = next(i for i, line in enumerate(lines) if ";BT_SYS;" in line)
        edit_row(f, "matvarden.csv", row, "Varde", value)

    one_reject(run_case(landing, tmp_path, mutate), "matvarden.csv", "Varde", "plausible range")


def test_unknown_category_is_rejected(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: edit_row(f, "vardkontakter.csv", 2, "Kontakttyp", "Fysisk")),
        "vardkontakter.csv",
        "Kontakttyp",
        "not one of",
    )


def test_missing_required_value_is_rejected(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: edit_row(f, "vardkontakter.csv", 2, "VardenhetHSAid", "")),
        "vardkontakter.csv",
        "VardenhetHSAid",
        "missing value",
    )


# ---------------------------------------------------------------- personnummer


@pytest.mark.parametrize(
    "value,kind",
    [
        ("19821105-9955", "invalid"),  # bad check digit
        ("8211059954", "invalid"),  # the wrong length
        ("19570574-9959", "samordningsnummer"),
        ("RES0012345", "invalid"),  # a reserve number
    ],
)
def test_personnummer_variants_are_loaded_and_classified(landing, tmp_path, value, kind):
    out = run_case(
        landing, tmp_path, lambda f: copy_row(f, "vardkontakter.csv", 1, KontaktID="EXTRA1", Personnummer=value)
    )
    row = out.raw("vardkontakter", "KontaktID = 'EXTRA1'")
    assert list(row["pnr_kind"]) == [kind]
    assert out.audit("vardkontakter.csv")[2] == 0
    stored = out.con.execute("select * from raw.vardkontakter where KontaktID = 'EXTRA1'").fetchall()
    assert value not in str(stored) and value.replace("-", "") not in str(stored)


def test_rejected_row_keeps_its_line_with_the_personnummer_masked(landing, tmp_path):
    def mutate(f):
        copy_row(f, "vardkontakter.csv", 1, KontaktID="EXTRA2", Personnummer="19821105-9954", Kontakttyp="X")

    out = run_case(landing, tmp_path, mutate)
    _, _, _, raw_row = one_reject(out, "vardkontakter.csv", "Kontakttyp", "not one of")
    assert "EXTRA2" in raw_row and "9954" not in raw_row and "pnr:" in raw_row


# ---------------------------------------------------------------- keys across rows and months


def test_duplicate_kontaktid_within_a_file(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: copy_row(f, "vardkontakter.csv", 1))
    row, _, reason, _ = one_reject(out, "vardkontakter.csv", "KontaktID", "duplicate KontaktID")
    assert "first delivered on row 1" in reason


def test_duplicate_kontaktid_across_months_keeps_both_deliveries_in_raw(landing, tmp_path):
    january_first = lines_of(landing / "2025-01", "vardkontakter.csv")[1]
    out = run_case(landing, tmp_path, lambda f: append_row(f, "vardkontakter.csv", january_first))
    contact_id = january_first.split(";")[0]
    months = out.con.execute(
        "select delivery_month from raw.vardkontakter where KontaktID = ? order by 1", [contact_id]
    ).fetchall()
    assert months == [("2025-01",), (MONTH,)]  # staging keeps the later (dbt unit test a_contact_delivered_again…)


def test_code_rows_for_an_unknown_kontaktid_are_rejected(landing, tmp_path):
    one_reject(
        run_case(landing, tmp_path, lambda f: append_row(f, "diagnoser_atgarder.csv", "K_NONE;DIA;J06.9;1")),
        "diagnoser_atgarder.csv",
        "KontaktID",
        "orphan",
    )


def test_contact_dated_outside_its_delivery_month_is_loaded(landing, tmp_path):
    out = run_case(
        landing,
        tmp_path,
        lambda f: copy_row(f, "vardkontakter.csv", 1, KontaktID="LATE1", Kontaktdatum="2024-11-20 10:00"),
    )
    row = out.raw("vardkontakter", "KontaktID = 'LATE1'")
    assert len(row) == 1 and str(row["Kontaktdatum"].iloc[0]).startswith("2024-11-20")


def test_same_person_listed_twice(landing, tmp_path):
    out = run_case(landing, tmp_path, lambda f: copy_row(f, "listning.csv", 1, VardenhetHSAid="SE2321000214-E02"))
    one_reject(out, "listning.csv", "Personnummer", "duplicate Personnummer")
