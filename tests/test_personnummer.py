import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baspaket.contract.personnummer import (
    INVALID,
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    luhn_check_digit,
    mask_personnummer_like,
    parse,
)
from baspaket.ingest.pseudonym import MissingPseudonymKey, Pseudonymiser
from tests.conftest import SHARED_TESTDATA, TEST_KEY

VECTORS = json.loads((SHARED_TESTDATA / "personnummer-vectors.json").read_text())


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["separated_long"])
@pytest.mark.parametrize("form", ["long_format", "separated_long"])
def test_parser_agrees_with_public_vectors(vector, form):
    parsed = parse(vector[form])
    assert parsed.is_valid == vector["valid"]
    if vector["valid"]:
        expected = SAMORDNINGSNUMMER if vector["type"] == "con" else PERSONNUMMER
        assert parsed.kind == expected
        assert parsed.sex == ("M" if vector["isMale"] else "K")


def test_luhn_check_digit_by_hand():
    # 811218-987: 8*2=16->7, 1, 1*2=2, 2, 1*2=2, 8, 9*2=18->9, 8, 7*2=14->5; sum 44 -> check 6
    assert luhn_check_digit("811218987") == 6


def test_samordningsnummer_birth_date_is_day_minus_60():
    parsed = parse("19570574-9959")
    assert parsed.kind == SAMORDNINGSNUMMER
    assert parsed.birth_date.isoformat() == "1957-05-14"


@pytest.mark.parametrize(
    "raw,reason",
    [
        ("8112189876", "not 12 digits"),  # 10 digits: not accepted by the contract
        ("19811218 9876", "not 12 digits"),
        ("20250230-0006", "birth date does not exist"),
        ("20150916-0006", "serial number 000"),
        ("19870704-9996", "wrong check digit"),
        ("RES000123456", "not 12 digits"),  # a reserve number
        ("", "not 12 digits"),
    ],
)
def test_invalid_identifiers_say_why(raw, reason):
    parsed = parse(raw)
    assert parsed.kind == INVALID
    assert reason in parsed.reason


def test_same_person_same_pseudonym_with_or_without_hyphen():
    p = Pseudonymiser(TEST_KEY)
    assert p.pseudonym("19821105-9954") == p.pseudonym("198211059954")
    assert p.pseudonym("19821105-9954") != Pseudonymiser(TEST_KEY + "x").pseudonym("19821105-9954")
    assert "9954" not in p.pseudonym("19821105-9954")


def test_pseudonymiser_refuses_without_a_key():
    with pytest.raises(MissingPseudonymKey, match="BASPAKET_PSEUDONYM_KEY"):
        Pseudonymiser(None)
    with pytest.raises(MissingPseudonymKey, match="too short"):
        Pseudonymiser("short")


def test_masking_catches_every_form():
    line = "198211059954;19821105-9954;8211059954;821105-9954;K2501A0000001"
    masked = mask_personnummer_like(line)
    assert "9954" not in masked
    assert "K2501A0000001" in masked


@pytest.mark.parametrize(
    "identifier",
    [
        "198211059954",
        "19821105-9954",
        "19821105+9954",
        "8211059954",
        "821105-9954",
        "821105+9954",
        "19570574-9959",
        "5705749959",  # samordningsnummer (day + 60), 12 and 10 digits
        "19090527+1474",  # a centenarian's +
    ],
)
def test_masking_masks_every_personnummer_and_samordningsnummer(identifier):
    assert mask_personnummer_like(f"K1;{identifier};SE2321000214-E01") == "K1;<personnummer>;SE2321000214-E01"
    assert mask_personnummer_like(f"Ring {identifier} igen") == "Ring <personnummer> igen"


@pytest.mark.parametrize(
    "line",
    [
        "SE2321000214-E04;Hälsocentralen Brittsbo",  # an HSA-id
        "2321000214",  # the organisation number inside it (Luhn-valid, month 21)
        "232100-0214",  # the same written with a hyphen
        "K2501A000123;K250100012345;1000000000001",  # KontaktIDs
        "T2503000123;SE2321000214-E04;Rådgivning-2321000214",  # a SamtalID and a queue id
        "19821105-9955",  # wrong check digit: not a personnummer
        "20250230-0006",  # no such date
    ],
)
def test_masking_leaves_hsa_ids_organisation_numbers_and_ids_alone(line):
    assert mask_personnummer_like(line) == line


def test_plus_on_a_twelve_digit_number_is_checked_against_the_reference_date():
    from datetime import date

    # '+' means 100 or older; a 12-digit number carries its century, so the claim can be checked.
    young = parse("19850709+9805", date(2025, 6, 30))
    assert young.kind == INVALID and young.problem == "plus_under_100"
    assert "39 on 2025-06-30" in young.reason
    assert parse("19850709-9805", date(2025, 6, 30)).kind == PERSONNUMMER
    # 100 on the reference date is old enough; 99 and a day short of 100 is not.
    from baspaket.synthetic.population import make_personnummer

    hundred = make_personnummer(date(1925, 6, 30), 12, False, False)
    almost = make_personnummer(date(1925, 7, 1), 12, False, False)
    assert parse(f"{hundred[:8]}+{hundred[8:]}", date(2025, 6, 30)).kind == PERSONNUMMER
    assert parse(f"{almost[:8]}+{almost[8:]}", date(2025, 6, 30)).problem == "plus_under_100"
    # Not checked without a date (the public vectors are verdicts without one).
    assert parse("19850709+9805").kind == PERSONNUMMER
    # The same person whatever the separator: the pseudonym is of the 12 digits.
    p = Pseudonymiser(TEST_KEY)
    assert p.pseudonym("19850709+9805") == p.pseudonym("19850709-9805")


def test_samordningsnummer_whose_day_minus_60_is_no_date_says_so():
    nine = "520291123"  # 31 February + 60
    parsed = parse(f"19{nine}{luhn_check_digit(nine)}")
    assert parsed.kind == INVALID and parsed.problem == "samordning_date"
    assert "day − 60 is no date" in parsed.reason


@given(st.text(max_size=20))
def test_parser_never_crashes(text):
    parsed = parse(text)
    assert parsed.kind in (PERSONNUMMER, SAMORDNINGSNUMMER, INVALID)
    assert parsed.is_valid == (parsed.reason is None)


# ---------------------------------------------------------------- the same verdict in SQL


def sql_verdicts(values: list[str], on=None) -> dict[str, tuple]:
    """What the loader's SQL says of each value (personnummer.verdicts_sql, run in DuckDB)."""
    import duckdb

    from baspaket.contract.personnummer import verdicts_sql

    p = Pseudonymiser(TEST_KEY)
    con = duckdb.connect()
    p.install(con)
    con.execute("CREATE TABLE delivered (value VARCHAR)")
    con.executemany("INSERT INTO delivered VALUES (?)", [[v] for v in values])
    rows = con.execute(verdicts_sql("delivered", on, p.pseudonym_sql)).fetchall()
    return {row[0]: row[1:] for row in rows}


def python_verdict(value: str, on=None) -> tuple:
    parsed = parse(value, on)
    return (parsed.kind, parsed.birth_date, parsed.sex, parsed.problem, Pseudonymiser(TEST_KEY).pseudonym(value))


EDGE_CASES = [
    "19000229-1234",
    "20000229-2386",
    "00010101-0008",
    "00000101-0000",
    "19821160-9954",
    "19821191-9954",
    "19821192-9954",
    "19820000-9954",
    "19821105-0004",
    "19821105+9954",
    "18900101+1235",
    "198211059954",
    "1982110599540",
    "RES0012345",
    "8211059954",
    "19821105 9954",
]


def test_sql_and_python_give_the_same_verdict_on_every_vector_and_edge_case():
    from datetime import date

    values = [v[f] for v in VECTORS for f in ("long_format", "separated_long")] + EDGE_CASES
    for on in (None, date(2025, 6, 30)):
        by_sql = sql_verdicts(values, on)
        for value in values:
            assert by_sql[value][:5] == python_verdict(value, on), value


@given(st.lists(st.text(alphabet="0123456789-+", min_size=10, max_size=13), min_size=1, max_size=40))
def test_sql_and_python_agree_on_generated_identifiers(values):
    by_sql = sql_verdicts(values)
    for value in set(values):
        assert by_sql[value][:5] == python_verdict(value), value
