"""A real region's first load: its own reference files as Swedish Excel saves them, and a
listing with the oddities real registers have. Nothing odd about single persons stops the month;
a broken reference file stops the load at once, naming file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from baspaket.cli import main
from baspaket.contract.personnummer import luhn_check_digit
from baspaket.ingest.reference import REGION_SEEDS, ReferenceRefused, _typed, prepare_reference
from baspaket.settings import SEEDS_DIR
from tests.conftest import TEST_KEY, environment
from tests.test_indicators_by_hand import C1, LISTED_C1, LISTED_C2, LISTED_C3, MONTH, pnr, write_delivery

# --------------------------------------------------------------------- reference files


def excel_form(
    text: str, delimiter: str = ";", decimal_comma: bool = True, booleans=("SANT", "FALSKT"), blank_rows: int = 2
) -> str:
    """A canonical seed as Excel on a Swedish machine saves it: `;`, decimal comma, SANT/FALSKT,
    CRLF, and the empty rows Excel leaves behind."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for i, row in enumerate(rows):
        if i and decimal_comma:
            row = [v.replace(".", ",") if v.replace(".", "").isdigit() else v for v in row]
        row = [booleans[0] if v == "true" else booleans[1] if v == "false" else v for v in row]
        writer.writerow(row)
    for _ in range(blank_rows):
        writer.writerow([""] * len(rows[0]))
    return out.getvalue()


def region_seeds(folder: Path, encoding: str, **form) -> Path:
    """A copy of the project's seeds with the three region files in an Excel form."""
    shutil.copytree(SEEDS_DIR, folder)
    for name in REGION_SEEDS:
        text = (SEEDS_DIR / f"{name}.csv").read_text(encoding="utf-8")
        (folder / f"{name}.csv").write_bytes(excel_form(text, **form).encode(encoding))
    return folder


@pytest.fixture(scope="module")
def canonical(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("canonical")
    prepare_reference(SEEDS_DIR, out)
    return out


@pytest.mark.parametrize(
    "encoding,form",
    [
        ("utf-8", {}),  # ';', decimal comma, SANT/FALSKT
        ("utf-8-sig", {}),  # the same with a BOM
        ("cp1252", {}),  # Windows-1252
        ("cp1252", {"delimiter": ",", "decimal_comma": False, "booleans": ("TRUE", "FALSE")}),
    ],
)
def test_reference_files_in_each_excel_form_give_the_same_seeds(tmp_path, canonical, encoding, form):
    seeds = region_seeds(tmp_path / "seeds", encoding, **form)
    prepared = prepare_reference(seeds, tmp_path / "reference")
    for name in REGION_SEEDS:
        assert (tmp_path / "reference" / f"{name}.csv").read_bytes() == (canonical / f"{name}.csv").read_bytes(), name
    assert "Östersund Väst" in (tmp_path / "reference" / "centres.csv").read_text(encoding="utf-8")
    assert any("Windows-1252" in w for w in prepared.warnings) == (encoding == "cp1252")


def _edit(seeds: Path, name: str, edit) -> None:
    path = seeds / f"{name}.csv"
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    path.write_bytes("\r\n".join(edit(lines)).encode("cp1252"))


def _set(row: int, column: int, value: str):
    def edit(lines):
        fields = lines[row].split(";")
        fields[column] = value
        lines[row] = ";".join(fields)
        return lines

    return edit


@pytest.mark.parametrize(
    "name,edit,expected",
    [
        (
            "centres",
            lambda lines: [lines[0].replace(";provider", ""), *lines[1:]],
            "centres.csv: required column missing from the header: provider",
        ),
        (
            "centres",
            lambda lines: [lines[0], lines[1], lines[1], *lines[2:]],
            "centres.csv: row 2 (line 3 of the file), column hsa_id: 'SE2321000214-E01' appears twice (first on row 1)",
        ),
        (
            "centres",
            _set(3, 2, "Kommunal"),
            "centres.csv: row 3 (line 4 of the file), column provider: 'Kommunal' is not one of",
        ),
        (
            "centres",
            _set(2, 3, "180"),
            "centres.csv: row 2 (line 3 of the file), column municipality_code: '180' is not",
        ),
        ("centres", _set(4, 0, ""), "centres.csv: row 4 (line 5 of the file), column hsa_id: missing value"),
        ("deso_cni", _set(5, 2, "1,2"), "deso_cni.csv: row 5 (line 6 of the file), column born_abroad: 1.2 is outside"),
        (
            "deso_cni",
            _set(6, 3, "n/a"),
            "deso_cni.csv: row 6 (line 7 of the file), column aged_65_alone: 'n/a' is not a number",
        ),
        (
            "deso_cni",
            lambda lines: [lines[0], lines[1], lines[1], *lines[2:]],
            "deso_cni.csv: row 2 (line 3 of the file), column deso: '2380C1010' appears twice",
        ),
        (
            "kva_codes",
            _set(2, 2, "kanske"),
            "kva_codes.csv: row 2 (line 3 of the file), column health_talk: 'kanske' is not",
        ),
        (
            "kva_codes",
            lambda lines: [lines[0], lines[1], lines[1], *lines[2:]],
            "kva_codes.csv: row 2 (line 3 of the file), column code: 'ZV040' appears twice",
        ),
        ("kva_codes", lambda lines: [""], "kva_codes.csv: the file is empty"),
        ("centres", lambda lines: ["PK\x03\x04\x14\x00"], "centres.csv: the file is packed"),  # saved as .xlsx
    ],
)
def test_a_broken_reference_file_is_refused_naming_file_row_and_column(tmp_path, canonical, name, edit, expected):
    seeds = region_seeds(tmp_path / "seeds", "cp1252")
    _edit(seeds, name, edit)
    reference = tmp_path / "reference"
    shutil.copytree(canonical, reference)
    before = {p.name: p.read_bytes() for p in reference.iterdir()}
    with pytest.raises(ReferenceRefused) as refused:
        prepare_reference(seeds, reference)
    assert expected in str(refused.value)
    assert {p.name: p.read_bytes() for p in reference.iterdir()} == before  # nothing written


@pytest.mark.parametrize(
    "written,canonical",
    [
        ("1 234,5", "1234.5"),
        ("1\u00a0234", "1234"),
        ("2\u202f500.25", "2500.25"),
        ("-12 000", "-12000"),
        ("0,4", "0.4"),
    ],
)
def test_a_reference_number_with_its_thousands_grouped_as_excel_writes_them(written, canonical):
    """The same separators as an export's decimals (contract THOUSANDS_SEPARATORS)."""
    assert _typed(written, "double") == (canonical, None)


@pytest.mark.parametrize("written", ["12 3456", "1 23", "1 2 3"])
def test_spaces_that_do_not_group_thousands_are_not_a_reference_number(written):
    assert _typed(written, "double")[1] == f"{written!r} is not a number"


def test_provider_in_another_case_is_the_listed_value(tmp_path):
    seeds = region_seeds(tmp_path / "seeds", "utf-8")
    _edit(seeds, "centres", _set(1, 2, "privat"))
    prepare_reference(seeds, tmp_path / "reference")
    assert "SE2321000214-E01,Hälsocentralen Odenslund,Privat,2380" in (
        tmp_path / "reference" / "centres.csv"
    ).read_text(encoding="utf-8")


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("BASPAKET_PSEUDONYM_KEY", TEST_KEY)
    return tmp_path


def test_load_with_a_broken_reference_file_stops_at_once_and_writes_nothing(cli_env, monkeypatch):
    seeds = region_seeds(cli_env / "seeds", "cp1252")
    _edit(seeds, "deso_cni", _set(5, 2, "1,2"))
    monkeypatch.setenv("BASPAKET_SEEDS", str(seeds))
    write_delivery(cli_env / "landing" / MONTH)
    warehouse = cli_env / "warehouse" / "w.duckdb"
    result = CliRunner().invoke(
        main, ["load", str(cli_env / "landing"), "--warehouse", str(warehouse), "--output", str(cli_env / "output")]
    )
    assert result.exit_code == 2, result.output
    assert "deso_cni.csv: row 5 (line 6 of the file), column born_abroad" in " ".join(result.output.split())
    assert not warehouse.exists()
    assert not (cli_env / "output").exists()


# --------------------------------------------------------------------- odd persons in the listing


def _samordningsnummer_without_date() -> str:
    """A samordningsnummer of 31 February (day 91): right shape and check digit, no date."""
    return "19520291" + "123" + str(luhn_check_digit("520291" + "123"))


ODD = {  # listing rows of the oddities at C1, and what each should be counted as
    "born_after_reference_date": [pnr("2025-07-15", s) for s in (41, 42, 43)],
    "aged_over_110": [pnr("1910-01-01", 44)],
    "listed_after_reference_date": [pnr("1990-01-01", 45)],
    "deso_not_in_reference": [pnr("1990-01-02", 46)],
    "deso_missing": [pnr("1990-01-03", 47)],
    "samordningsnummer_without_date": [_samordningsnummer_without_date()],
    "plus_under_100": ["19850709+9805"],
    "empty_sex_choice_and_date": [pnr("1990-01-04", 50)],  # no finding: listed, sex from the number
}
UNKNOWN_UNIT = "SE2321000214-E99"


def write_odd_listing(folder: Path) -> None:
    path = folder / "listning.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    for rule, people in ODD.items():
        for p in people:
            since = "2025-07-02" if rule == "listed_after_reference_date" else "2020-01-01"
            deso = {"deso_not_in_reference": "9999C0001", "deso_missing": ""}.get(rule, "2380C1010")
            if rule == "empty_sex_choice_and_date":
                lines.append(f"{p};;{C1};;;{deso};2380")
            else:
                lines.append(f"{p};K;{C1};{since};J;{deso};2380")
    lines += [f"{pnr('1980-03-03', s)};M;{UNKNOWN_UNIT};2020-01-01;N;2380C1010;2380" for s in (48, 49)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


ADDED_GROUP = "back_pain,M54,Ryggvärk,2025-1"  # a group the region adds to the code list only
RELABELLED = ("Hypertoni (I10–I15)", "Högt blodtryck (I10–I15)")


def add_and_relabel_diagnosis_groups(seeds: Path) -> None:
    with (seeds / "icd10_groups.csv").open("a", encoding="utf-8") as f:
        f.write(ADDED_GROUP + "\n")
    labels = seeds / "diagnosis_group_labels.csv"
    labels.write_text(labels.read_text(encoding="utf-8").replace(*RELABELLED), encoding="utf-8")


@pytest.fixture(scope="module")
def odd_region(tmp_path_factory):
    """`baspaket load` of the hand-computed month with odd persons added, on reference files
    saved as Swedish Excel saves them (';', Windows-1252, decimal comma, SANT/FALSKT), with a
    diagnosis group the region added and one it relabelled."""
    root = tmp_path_factory.mktemp("odd_region")
    seeds = region_seeds(root / "seeds", "cp1252")
    add_and_relabel_diagnosis_groups(seeds)
    write_delivery(root / "landing" / MONTH)
    write_odd_listing(root / "landing" / MONTH)
    env = {"DAGSTER_HOME": str(root / "dagster_home"), "BASPAKET_PSEUDONYM_KEY": TEST_KEY, "BASPAKET_SEEDS": str(seeds)}
    with environment(env):
        result = CliRunner().invoke(
            main,
            ["load", str(root / "landing"), "--warehouse", str(root / "w.duckdb"), "--output", str(root / "output")],
            catch_exceptions=False,
        )
    con = duckdb.connect(str(root / "w.duckdb"), read_only=True)
    yield root, result, con
    con.close()


def test_odd_persons_do_not_stop_the_month(odd_region):
    root, result, con = odd_region
    assert result.exit_code == 0, result.output
    indicators = con.execute(
        "select count(distinct indicator) from marts.indicator_values where centre_id = ? and period = ?", [C1, MONTH]
    ).fetchone()[0]
    catalogue = con.execute("select count(*) from reference.indicator_catalogue").fetchone()[0]
    assert indicators == catalogue
    assert (root / "output" / MONTH / f"baspaket_{C1}_{MONTH}.xlsx").exists()
    assert (root / "output" / MONTH / f"board_access_{MONTH}.html").exists()
    assert con.execute("select count(*) from audit.rejects where file = 'listning.csv'").fetchone()[0] == 0


def test_each_oddity_is_counted_for_the_centre_and_the_region(odd_region):
    _, _, con = odd_region
    found = dict(
        con.execute(
            "select rule, flagged from marts.data_quality_findings where centre_id = ? and period = ?", [C1, MONTH]
        ).fetchall()
    )
    region = dict(
        con.execute(
            "select rule, flagged from marts.data_quality_findings where centre_id = 'REGION' and period = ?", [MONTH]
        ).fetchall()
    )
    expected = {
        "born_after_reference_date": 3,
        "aged_over_110": 1,
        "listed_after_reference_date": 1,
        "deso_not_in_reference": 1,
        "deso_missing": 1,
        "samordningsnummer_without_date": 1,
        "invalid_personnummer": 2,
        "unknown_centre": 0,
    }
    assert found == expected
    assert region == {**expected, "unknown_centre": 2}
    checked = con.execute(
        "select checked from marts.data_quality_findings where centre_id = ? and period = ? and rule = 'aged_over_110'",
        [C1, MONTH],
    ).fetchone()[0]
    assert checked == len(LISTED_C1) + sum(len(p) for p in ODD.values())


def test_everyone_valid_is_listed_and_the_unborn_have_no_age(odd_region):
    _, _, con = odd_region
    valid_odd = 3 + 1 + 1 + 1 + 1 + 1  # the two invalid identifiers are not listed persons
    listed = con.execute(
        "select value from marts.indicator_values where centre_id = ? and period = ? and indicator = 'listed'",
        [C1, MONTH],
    ).fetchone()[0]
    assert listed == len(LISTED_C1) + valid_odd
    in_pyramid = con.execute(
        "select sum(persons) from marts.population_by_age_sex where centre_id = ? and period = ?", [C1, MONTH]
    ).fetchone()[0]
    assert in_pyramid == listed - 3  # born after the reference date: no age, not in the pyramid
    assert con.execute("select min(age_band_start) from marts.population_by_age_sex").fetchone()[0] >= 0


def test_findings_show_in_the_summary_dagster_and_the_baspaket(odd_region):
    root, result, _ = odd_region
    output = " ".join(result.output.split())
    # every listed person of the hand-computed delivery, the odd ones, and two at an unknown unit
    listing_rows = len(LISTED_C1 + LISTED_C2 + LISTED_C3) + sum(len(p) for p in ODD.values()) + 2
    assert f"3 of {listing_rows} listed persons born after the month's reference date" in output
    assert "warned marts/data_quality_findings" in output  # the WARN check in Dagster
    import openpyxl

    book = openpyxl.load_workbook(root / "output" / MONTH / f"baspaket_{C1}_{MONTH}.xlsx")
    cells = [str(c.value) for row in book["Registrering"].iter_rows() for c in row if c.value is not None]
    assert "Född efter referensdatum" in cells
    assert "<5" in cells  # three persons: shown as <5, never as 3


def test_a_diagnosis_group_added_to_the_seeds_is_shown_without_a_code_change(odd_region):
    """No list of groups in the reports: a group only in icd10_groups.csv is shown with its name
    and code prefixes, and a label edited in diagnosis_group_labels.csv is the label shown."""
    root, _, con = odd_region
    import openpyxl

    book = openpyxl.load_workbook(root / "output" / MONTH / f"baspaket_{C1}_{MONTH}.xlsx")
    cells = [str(c.value) for row in book["Sjuklighet"].iter_rows() for c in row if c.value is not None]
    assert "back_pain (M54)" in cells
    assert RELABELLED[1] in cells and RELABELLED[0] not in cells
    assert "Diabetes typ 2 (E11)" not in cells  # a helper group the seed does not show
    computed = con.execute(
        "select centre_id from marts.morbidity_prevalence where diagnosis_group = 'back_pain' "
        "and period = ? and centre_id in (?, 'REGION') order by 1",
        [MONTH, C1],
    ).fetchall()
    assert computed == [("REGION",), (C1,)]
