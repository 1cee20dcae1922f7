import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orchestration.ingest.personnummer import (
    INVALID,
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    luhn_check_digit,
    mask_personnummer_like,
    parse,
)
from orchestration.ingest.pseudonym import MissingPseudonymKey, Pseudonymiser
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


@pytest.mark.parametrize("raw,reason", [
    ("8112189876", "not 12 digits"),            # 10 digits: not accepted by the contract
    ("19811218 9876", "not 12 digits"),
    ("20250230-0006", "birth date does not exist"),
    ("20150916-0006", "serial number 000"),
    ("19870704-9996", "wrong check digit"),
    ("RES000123456", "not 12 digits"),          # a reserve number
    ("", "not 12 digits"),
])
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


@given(st.text(max_size=20))
def test_parser_never_crashes(text):
    parsed = parse(text)
    assert parsed.kind in (PERSONNUMMER, SAMORDNINGSNUMMER, INVALID)
    assert parsed.is_valid == (parsed.reason is None)
