"""Reading single export files: encodings, formats, and rows that must be rejected with
their row number, column and reason. Every case: rows read = loaded + rejected."""

from pathlib import Path

import pytest

from baspaket.contract.schemas import EXPORTS_BY_FILE
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.ingest.reader import FileRefused, read_export
from tests.conftest import TEST_KEY

P = Pseudonymiser(TEST_KEY)
CONTACT_HEADER = "KontaktID;Personnummer;VardenhetHSAid;Vardniva;Kontaktdatum;Kontakttyp;Yrkeskategori;PersonalID;Vardgaranti;Sokdatum\n"
GOOD_CONTACT = "K1;19821105-9954;SE1-E01;PV;2025-03-05 09:30;Besök;Läkare;L1;J;2025-03-04\n"


def read(tmp_path: Path, file: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / file
    path.write_bytes(text.encode(encoding))
    result = read_export(path, EXPORTS_BY_FILE[file], P)
    assert result.rows_read == result.rows_loaded + result.rows_rejected
    return result


def test_windows_1252_keeps_swedish_letters(tmp_path):
    text = (
        "SamtalID;VardenhetHSAid;Inkommande;Utfall;Aterringd;Ko\n"
        "S1;SE1-E01;2025-03-05 08:00;BESVARAT;;Rådgivning\n"
        "S2;SE1-E01;2025-03-05 08:05;ATERUPPRINGNING;2025-03-05 10:00;Provsvar Ä Ö\n"
    )
    result = read(tmp_path, "telefoni.csv", text, "cp1252")
    assert result.encoding == "cp1252"
    assert list(result.frame["Ko"]) == ["Rådgivning", "Provsvar Ä Ö"]


def test_utf8_with_bom_reads_the_first_column(tmp_path):
    result = read(tmp_path, "vardkontakter.csv", "\ufeff" + CONTACT_HEADER + GOOD_CONTACT)
    assert result.encoding == "utf-8"
    assert list(result.frame["KontaktID"]) == ["K1"]


def test_hyphenated_and_plain_personnummer_are_the_same_person(tmp_path):
    text = CONTACT_HEADER + GOOD_CONTACT + GOOD_CONTACT.replace("K1;19821105-9954", "K2;198211059954")
    result = read(tmp_path, "vardkontakter.csv", text)
    assert result.frame["person_pseudonym"].nunique() == 1
    assert set(result.frame["pnr_kind"]) == {"personnummer"}
    assert "19821105" not in result.frame.to_csv()


def test_decimal_comma_is_read_and_decimal_point_rejected(tmp_path):
    text = (
        "Personnummer;Datum;Variabel;Varde;VardenhetHSAid\n"
        "198211059954;2025-03-01;HBA1C;52,5;SE1-E01\n"
        "198211059954;2025-03-02;HBA1C;52.5;SE1-E01\n"
    )
    result = read(tmp_path, "matvarden.csv", text)
    assert list(result.frame["Varde"]) == [52.5]
    [reject] = result.rejects
    assert (reject.row_number, reject.column) == (2, "Varde")
    assert "decimal point" in reject.reason


@pytest.mark.parametrize("value,reason", [("0", "outside the plausible range"), ("400", "outside the plausible range")])
def test_absurd_blood_pressure_is_rejected(tmp_path, value, reason):
    text = f"Personnummer;Datum;Variabel;Varde;VardenhetHSAid\n198211059954;2025-03-01;BT_SYS;{value};SE1-E01\n"
    result = read(tmp_path, "matvarden.csv", text)
    assert result.rows_loaded == 0 and reason in result.rejects[0].reason


def test_missing_required_column_refuses_the_file_naming_it(tmp_path):
    with pytest.raises(FileRefused, match="Sokdatum"):
        read(tmp_path, "vardkontakter.csv", CONTACT_HEADER.replace(";Sokdatum", "") + GOOD_CONTACT[:-12] + "\n")


def test_wrong_delimiter_refuses_with_a_hint(tmp_path):
    with pytest.raises(FileRefused, match="separated by something else"):
        read(tmp_path, "vardkontakter.csv", CONTACT_HEADER.replace(";", ",") + GOOD_CONTACT.replace(";", ","))


def test_unknown_extra_column_is_ignored_with_a_warning(tmp_path):
    text = CONTACT_HEADER.replace("\n", ";Extra\n") + GOOD_CONTACT.replace("\n", ";x\n")
    result = read(tmp_path, "vardkontakter.csv", text)
    assert result.rows_loaded == 1
    assert any("Extra" in w for w in result.warnings)


def test_empty_file_is_refused_and_header_only_loads_nothing(tmp_path):
    with pytest.raises(FileRefused, match="empty"):
        read(tmp_path, "vardkontakter.csv", "")
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER)
    assert (result.rows_read, result.rows_loaded) == (0, 0)


@pytest.mark.parametrize(
    "line,column,reason",
    [
        ("K2;19821105-9954;SE1-E01;PV;2025-02-30 09:30;Besök;Läkare;L1;N;\n", "Kontaktdatum", "impossible date"),
        ("K2;19821105-9954;SE1-E01;PV;2025-03-05;Besök;Läkare;L1;N;\n", "Kontaktdatum", "without a time"),
        ("K2;19821105-9954;SE1-E01;XX;2025-03-05 10:00;Besök;Läkare;L1;N;\n", "Vardniva", "not one of"),
        ("K2;;SE1-E01;PV;2025-03-05 10:00;Besök;Läkare;L1;N;\n", "Personnummer", "missing value"),
        ("K1;19821105-9954;SE1-E01;PV;2025-03-05 10:00;Besök;Läkare;L1;N;\n", "KontaktID", "duplicate KontaktID"),
        ("K2;19821105-9954;SE1-E01;PV\n", None, "expected 10 fields, found 4"),
    ],
)
def test_bad_rows_are_rejected_with_row_column_and_reason(tmp_path, line, column, reason):
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT + line)
    assert result.rows_loaded == 1
    [reject] = result.rejects
    assert reject.row_number == 2
    assert reject.column == column
    assert reason in reject.reason
    assert "9954" not in reject.raw_row  # the personnummer is masked in the kept raw row


def test_a_rejected_row_does_not_make_a_later_good_row_a_repeat(tmp_path):
    bad = GOOD_CONTACT.replace("Besök", "Fysisk")
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + bad + GOOD_CONTACT + GOOD_CONTACT)
    assert list(result.frame["source_row"]) == [2]
    assert [(r.row_number, r.column) for r in result.rejects] == [(1, "Kontakttyp"), (3, "KontaktID")]
    assert "first delivered on row 2" in result.rejects[1].reason


def test_a_key_of_two_columns_repeats_only_when_both_do(tmp_path):
    header = "VardenhetHSAid;PersonalID;Yrkeskategori;Specialist;Tjanst;Sysselsattning;Inhyrd\n"
    rows = [
        "SE1-E01;L1;Läkare;Allmänmedicin;;1;N\n",
        "SE1-E02;L1;Läkare;Allmänmedicin;;0,5;N\n",  # the same doctor at another centre: loads
        "SE1-E01;L2;Sjuksköterska;;;1;N\n",
        "SE1-E01;L1;Läkare;Allmänmedicin;;0,2;N\n",  # the first row's centre and doctor again
    ]
    result = read(tmp_path, "bemanning.csv", header + "".join(rows))
    assert list(result.frame["source_row"]) == [1, 2, 3]
    [reject] = result.rejects
    assert (reject.row_number, reject.column) == (4, "VardenhetHSAid,PersonalID")
    assert reject.reason == "duplicate VardenhetHSAid+PersonalID (first delivered on row 1)"


def test_invalid_personnummer_is_loaded_and_flagged_not_rejected(tmp_path):
    text = (
        CONTACT_HEADER
        + GOOD_CONTACT.replace("19821105-9954", "19821105-9955")
        + GOOD_CONTACT.replace("K1;19821105-9954", "K2;RES12345")
    )
    result = read(tmp_path, "vardkontakter.csv", text)
    assert result.rows_loaded == 2
    assert list(result.frame["pnr_kind"]) == ["invalid", "invalid"]


def test_quoted_field_with_semicolon_and_truncated_last_line(tmp_path):
    text = (
        "SamtalID;VardenhetHSAid;Inkommande;Utfall;Aterringd;Ko\n"
        'S1;SE1-E01;2025-03-05 08:00;BESVARAT;;"Recept; förnyelse"\n'
        "S2;SE1-E01;2025-03-05 08:0"
    )
    result = read(tmp_path, "telefoni.csv", text)
    assert list(result.frame["Ko"]) == ["Recept; förnyelse"]
    assert result.rejects[0].row_number == 2


def test_same_person_listed_twice_rejects_the_second_row(tmp_path):
    text = (
        "Personnummer;Kon;VardenhetHSAid;Listningsdatum;AktivtVal;DeSO;Kommunkod\n"
        "19821105-9954;M;SE1-E01;2020-01-01;J;2380C1010;2380\n"
        "198211059954;M;SE1-E02;2021-01-01;J;2380C1010;2380\n"
    )
    result = read(tmp_path, "listning.csv", text)
    assert result.rows_loaded == 1
    assert "first delivered on row 1" in result.rejects[0].reason


def test_quirks_of_real_exports_load(tmp_path):
    """A trailing separator, NULL for a missing value, a category in other letter case and a
    date written as midnight load as the contract means them."""
    text = (
        CONTACT_HEADER.rstrip("\n") + ";\n"
        "K1;19821105-9954;SE1-E01;pv;2025-03-05 09:30;BESÖK;läkare;L1;j;2025-03-04 00:00:00;\n"
        "K2;19821105-9954;SE1-E01;PV;2025-03-05 10:30;Telefon;Läkare;NULL;N;NULL;\n"
    )
    result = read(tmp_path, "vardkontakter.csv", text)
    assert result.rows_rejected == 0, result.rejects
    frame = result.frame
    assert list(frame["Vardniva"]) == ["PV", "PV"]
    assert list(frame["Kontakttyp"]) == ["Besök", "Telefon"]
    assert list(frame["Yrkeskategori"]) == ["Läkare", "Läkare"]
    assert frame["Sokdatum"].iloc[0] == "2025-03-04"
    assert frame[["Sokdatum", "PersonalID"]].iloc[1].isna().all()
    assert result.warnings == []  # the trailing separator's empty column is no unknown column


def test_a_date_time_that_is_not_midnight_is_no_date(tmp_path):
    result = read(
        tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace(";2025-03-04\n", ";2025-03-04 08:00\n")
    )
    assert result.rejects[0].column == "Sokdatum"


def test_a_listing_row_with_plus_under_100_is_loaded_and_flagged(tmp_path):
    from datetime import date

    text = (
        "Personnummer;Kon;VardenhetHSAid;Listningsdatum;AktivtVal;DeSO;Kommunkod\n"
        "19850709+9805;K;SE1-E01;2020-01-01;J;2380C1010;2380\n"
    )
    path = tmp_path / "listning.csv"
    path.write_text(text, encoding="utf-8")
    result = read_export(path, EXPORTS_BY_FILE["listning.csv"], P, reference_date=date(2025, 6, 30))
    assert list(result.frame["pnr_kind"]) == ["invalid"]
    assert list(result.frame["pnr_problem"]) == ["plus_under_100"]


# ---------------------------------------------------------------- files saved by other tools


def _contact(key: str, row: int) -> str:
    return GOOD_CONTACT.replace("K1;", f"{key};").replace(" 09:30", f" 09:{row:02d}").rstrip("\n")


def test_crlf_mixed_with_lf_loads_every_row(tmp_path):
    """A file put together from two systems, or a row added in a text editor: DuckDB's strict
    parser stops on CRLF mixed with LF, so the reader mends the line ends first."""
    lines = [CONTACT_HEADER.rstrip("\n")] + [_contact(f"K{i}", i) for i in range(1, 5)]
    text = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines))
    result = read(tmp_path, "vardkontakter.csv", text)
    assert result.rows_rejected == 0, result.rejects
    assert list(result.frame["KontaktID"]) == ["K1", "K2", "K3", "K4"]


def test_excel_separator_line_and_empty_rows_are_not_rows(tmp_path):
    """`sep=;` (Excel's first line naming the separator) and `;;;` (the rows Excel leaves after
    deleted rows) are not data rows: the rows are numbered without them."""
    text = (
        "sep=;\r\n"
        + CONTACT_HEADER
        + _contact("K1", 1)
        + "\n;;;;;;;;;\n"
        + _contact("K2", 2).replace("Besök", "Fysisk")
        + "\n;;;;;;;;;\n"
    )
    result = read(tmp_path, "vardkontakter.csv", text)
    assert result.rows_read == 2
    assert [(r.row_number, r.column) for r in result.rejects] == [(2, "Kontakttyp")]


def test_a_separator_line_naming_another_separator_refuses_the_file(tmp_path):
    with pytest.raises(FileRefused, match="separated by ','"):
        read(tmp_path, "vardkontakter.csv", "sep=,\n" + CONTACT_HEADER.replace(";", ",") + GOOD_CONTACT)


def test_utf16_with_byte_order_mark_is_read_with_a_warning(tmp_path):
    text = CONTACT_HEADER + GOOD_CONTACT.replace("Läkare", "Sjuksköterska")
    result = read(tmp_path, "vardkontakter.csv", text.replace("\n", "\r\n"), "utf-16")
    assert result.encoding == "utf-16"
    assert list(result.frame["Yrkeskategori"]) == ["Sjuksköterska"]
    assert any("UTF-16" in w for w in result.warnings)


@pytest.mark.parametrize("packed", [b"PK\x03\x04\x14\x00", b"\x1f\x8b\x08\x00"], ids=["zip or xlsx", "gzip"])
def test_a_packed_file_is_refused_as_not_text(tmp_path, packed):
    path = tmp_path / "vardkontakter.csv"
    path.write_bytes(packed + b"\x00" * 200)
    with pytest.raises(FileRefused, match="packed"):
        read_export(path, EXPORTS_BY_FILE["vardkontakter.csv"], P)


@pytest.mark.parametrize(
    "written,meant", [("Ja", "J"), ("SANT", "J"), ("1", "J"), ("true", "J"), ("nej", "N"), ("FALSKT", "N"), ("0", "N")]
)
def test_yes_and_no_in_other_words_are_j_and_n(tmp_path, written, meant):
    """The words a reference file's boolean takes (contract TRUE_WORDS / FALSE_WORDS) mean J and
    N in an export's J/N column too."""
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace(";L1;J;", f";L1;{written};"))
    assert list(result.frame["Vardgaranti"]) == [meant]


@pytest.mark.parametrize(
    "written", ["2025-03-05 09:30:00.000", "2025-03-05 09:30:00.1234567", "2025-03-05T09:30:00", "2025-03-05 9:30"]
)
def test_a_date_time_with_seconds_and_their_fraction_is_read_to_the_minute(tmp_path, written):
    """SQL Server writes a datetime as `2025-03-05 09:30:00.000`, a spreadsheet `2025-03-05 9:30`:
    the contact is at 09:30."""
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace("2025-03-05 09:30", written))
    assert list(result.frame["Kontaktdatum"]) == ["2025-03-05 09:30:00"]


@pytest.mark.parametrize("written", ["2025-03-05 24:00", "2025-03-05 9:60", "2025-03-05 930", "2025-03-05 123:00"])
def test_a_time_that_is_no_time_is_still_rejected(tmp_path, written):
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace("2025-03-05 09:30", written))
    assert result.rows_loaded == 0 and result.rejects[0].column == "Kontaktdatum"


@pytest.mark.parametrize("written", ["2025/03/04", "20250304", "2025/03/04 00:00", "20250304 00:00:00"])
def test_a_date_written_year_first_otherwise_is_that_date(tmp_path, written):
    """Other systems write 2025-03-04 as `2025/03/04` or `20250304`: year first, no other day."""
    result = read(
        tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace(";2025-03-04\n", f";{written}\n")
    )
    assert result.rows_rejected == 0, result.rejects
    assert list(result.frame["Sokdatum"]) == ["2025-03-04"]


@pytest.mark.parametrize("written", ["2025/03/05 09:30", "20250305 09:30", "2025/03/05 9:30:00.000", "20250305T09:30"])
def test_a_date_time_written_year_first_otherwise_is_that_time(tmp_path, written):
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace("2025-03-05 09:30", written))
    assert result.rows_rejected == 0, result.rejects
    assert list(result.frame["Kontaktdatum"]) == ["2025-03-05 09:30:00"]


@pytest.mark.parametrize(
    "written,reason",
    [
        ("04/03/2025", "not a date YYYY-MM-DD: '04/03/2025'"),  # day first: 4 March or 3 April?
        ("2025-03/04", "not a date"),
        ("2025/3/4", "not a date"),
        ("250304", "not a date"),
        ("2025.03.04", "not a date"),
        ("20250230", "impossible date: '20250230'"),
        ("2025/02/30", "impossible date: '2025/02/30'"),
    ],
)
def test_a_date_that_could_be_another_day_or_none_is_still_rejected(tmp_path, written, reason):
    result = read(
        tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace(";2025-03-04\n", f";{written}\n")
    )
    assert result.rows_loaded == 0
    [reject] = result.rejects
    assert (reject.column, reason in reject.reason) == ("Sokdatum", True), reject.reason


@pytest.mark.parametrize("written", ["05/03/2025 09:30", "2025/02/30 09:30", "20250305 0930"])
def test_a_date_time_that_could_be_another_or_none_is_still_rejected(tmp_path, written):
    result = read(tmp_path, "vardkontakter.csv", CONTACT_HEADER + GOOD_CONTACT.replace("2025-03-05 09:30", written))
    assert result.rows_loaded == 0 and result.rejects[0].column == "Kontaktdatum"


MEASUREMENT_HEADER = "Personnummer;Datum;Variabel;Varde;VardenhetHSAid\n"


@pytest.mark.parametrize(
    "written,meant", [("1 234,5", 1234.5), ("1\u00a0234", 1234.0), ("2\u202f500,25", 2500.25), ("987", 987.0)]
)
def test_thousands_grouped_by_a_space_are_one_number(tmp_path, written, meant):
    """Swedish Excel writes 1234,5 as `1 234,5`, grouped by a (no-break) space."""
    text = MEASUREMENT_HEADER + f"198211059954;2025-03-01;KREA;{written};SE1-E01\n"
    assert list(read(tmp_path, "matvarden.csv", text).frame["Varde"]) == [meant]


@pytest.mark.parametrize("written", ["1 23,5", "12 3456", "1 234 5", "75 %"])
def test_spaces_that_do_not_group_thousands_are_no_number(tmp_path, written):
    """Only groups of three after the first, and a percent sign only in a share's column."""
    text = MEASUREMENT_HEADER + f"198211059954;2025-03-01;KREA;{written};SE1-E01\n"
    [reject] = read(tmp_path, "matvarden.csv", text).rejects
    assert reject.column == "Varde" and "not a decimal number" in reject.reason


STAFF_HEADER = "VardenhetHSAid;PersonalID;Yrkeskategori;Specialist;Tjanst;Sysselsattning;Inhyrd\n"


@pytest.mark.parametrize(
    "written,meant", [("0,75", 0.75), ("75 %", 0.75), ("75%", 0.75), ("12,5\u00a0%", 0.125), ("100 %", 1.0)]
)
def test_a_share_written_in_percent_with_its_sign_is_that_share(tmp_path, written, meant):
    """HR systems often give the employment rate in percent: `75 %` is 0,75 of full time."""
    result = read(tmp_path, "bemanning.csv", STAFF_HEADER + f"SE1-E01;L1;Läkare;;;{written};N\n")
    assert list(result.frame["Sysselsattning"]) == [pytest.approx(meant)]


@pytest.mark.parametrize("written,reason", [("75", "outside the plausible range 0–1"), ("150 %", "outside")])
def test_a_share_over_one_without_its_percent_sign_or_over_100_percent_is_rejected(tmp_path, written, reason):
    """A bare 75 is not read as 75 %: the contract says 0–1, and a file of such values stops
    the month at the reject limit, with this reason shown, rather than loading a guess."""
    result = read(tmp_path, "bemanning.csv", STAFF_HEADER + f"SE1-E01;L1;Läkare;;;{written};N\n")
    [reject] = result.rejects
    assert reject.column == "Sysselsattning" and reason in reject.reason


def test_a_few_bytes_that_are_not_utf8_cost_only_their_own_letters(tmp_path):
    """One row pasted from a Windows-1252 system into a UTF-8 file: read as a whole in
    Windows-1252, every `ö` of the file would be `Ã¶` and every contact rejected."""
    rows = "".join(GOOD_CONTACT.replace("K1;", f"K{i};") for i in range(1, 5)).encode("utf-8")
    path = tmp_path / "vardkontakter.csv"
    path.write_bytes(CONTACT_HEADER.encode("utf-8") + rows.replace(b"K3;", b"K3\xe9;"))
    result = read_export(path, EXPORTS_BY_FILE["vardkontakter.csv"], P)
    assert (result.encoding, result.rows_loaded, result.rows_rejected) == ("mixed", 4, 0)
    assert list(result.frame["KontaktID"]) == ["K1", "K2", "K3é", "K4"]
    assert set(result.frame["Kontakttyp"]) == {"Besök"}
    assert any("not" in w and "Windows-1252" in w for w in result.warnings)


@pytest.mark.parametrize(
    "file,column,written,meant",
    [
        ("telefoni.csv", "Utfall", "ÅTERUPPRINGNING", "ATERUPPRINGNING"),
        ("telefoni.csv", "Utfall", "Stängt", "STANGT"),
        ("vardkontakter.csv", "Kontakttyp", "besok", "Besök"),
        ("vardkontakter.csv", "Yrkeskategori", "SJUKSKOTERSKA", "Sjuksköterska"),
    ],
)
def test_a_category_with_or_without_its_swedish_letters_is_that_category(tmp_path, file, column, written, meant):
    if file == "telefoni.csv":
        text = "SamtalID;VardenhetHSAid;Inkommande;Utfall;Aterringd;Ko\nS1;SE1-E01;2025-03-05 08:00;BESVARAT;;Recept\n"
    else:
        text = CONTACT_HEADER + GOOD_CONTACT
    header, row = text.splitlines()[0].split(";"), text.splitlines()[1].split(";")
    row[header.index(column)] = written
    result = read(tmp_path, file, text.splitlines()[0] + "\n" + ";".join(row) + "\n")
    assert list(result.frame[column]) == [meant]


def test_no_two_words_of_a_category_column_read_as_the_same_and_mean_different_values():
    """The reader folds case and Swedish letters (DuckDB's strip_accents): within a column, two
    words that fold alike must mean the same value, or a delivered word would be ambiguous."""
    import duckdb

    from baspaket.contract.schemas import ENUM, EXPORTS

    for spec in EXPORTS:
        for col in (c for c in spec.columns if c.kind == ENUM):
            words = [(value.lower(), value) for value in col.values] + list(col.synonyms)
            meaning: dict[str, str] = {}
            for word, value in words:
                [(folded,)] = duckdb.execute("SELECT strip_accents(?)", [word]).fetchall()
                assert meaning.setdefault(folded, value) == value, (spec.file, col.name, word)


def test_column_names_with_their_swedish_letters_are_the_contract_columns(tmp_path):
    header = CONTACT_HEADER.replace("Vardniva", "Vårdnivå").replace("Sokdatum", "SÖKDATUM")
    result = read(tmp_path, "vardkontakter.csv", header.replace("Vardgaranti", "Vårdgaranti") + GOOD_CONTACT)
    assert result.rows_loaded == 1 and result.warnings == []
    assert list(result.frame["Vardniva"]) == ["PV"]
