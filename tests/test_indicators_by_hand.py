"""Indicators on a tiny warehouse whose answers were computed on paper.

One delivery (2025-06, reference date 2025-06-30) written row by row below, loaded by the real
loader into a real DuckDB file, built by a real `dbt build`. Older contacts arrive as late
registrations in the same delivery (exports.md: loaded under their own date). Centre C1 is
SE2321000214-E01, C2 is SE2321000214-E02 (seeds/centres.csv).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.ingest.delivery import Delivery
from orchestration.ingest.loader import load_month
from orchestration.ingest.pseudonym import Pseudonymiser
from orchestration.warehouse import connect
from synthetic.population import make_personnummer
from tests.conftest import TEST_KEY, run_dbt

C1, C2 = "SE2321000214-E01", "SE2321000214-E02"
MONTH = "2025-06"


def pnr(born: str, serial: int = 11, male: bool = False, samordning: bool = False) -> str:
    return make_personnummer(date.fromisoformat(born), serial, male, samordning)


# The persons of the cases (birth dates chosen for the age cases).
A = pnr("1960-01-15", 21)  # continuity: doctors L1, L1, L2 -> COC 1/3
B = pnr("1961-02-15", 22)  # continuity: only 2 doctor visits -> out
C = pnr("1962-03-15", 23)  # nurse S1 x4 -> COC 1
D = pnr("1963-04-15", 24)  # nurse S1, S2, S3 -> COC 0 ; diabetes on 2020-07-01 (inside)
E = pnr("1964-05-15", 25)  # diabetes on 2020-06-30 (just outside the 60 months)
F = pnr("1970-01-10", 26)  # depression 2024-05-10, prior 364 days before -> not new
G = pnr("1971-01-10", 27)  # depression 2024-05-10, prior 366 days before -> new, followed up
H = pnr("1972-01-10", 28)  # depression 2025-03-20, not followed up
I = pnr("1950-02-02", 29, True)  # COPD + R03AL03 (LABA+LAMA): maintenance; J44 visit -> numerator
J = pnr("1951-02-02", 31, True)  # COPD + R03BB04 only: one class -> not in the denominator
K = pnr("1945-01-01", 32)  # 80, glucosamine only -> not on a kidney drug
L = pnr("1945-01-02", 33)  # 80, buprenorphine only -> not on a kidney drug
M = pnr("1945-01-03", 34)  # 80, morphine (N02A) -> on a kidney drug, no test
S = pnr("1950-06-30", 35, samordning=True)  # samordningsnummer, turns 75 on the reference date
T = pnr("1950-07-01", 36)  # 74 on the reference date: too young for Äld02
N = pnr("1980-08-08", 37)  # switched from C1 to C2: 3 doctor visits at C1, 1 at C2
INVALID = "19800808-0000"  # serial 000: not a valid personnummer

LISTED_C1 = [A, B, C, D, E, F, G, H, I, J, K, L, M, S, T]
LISTED_C2 = [N]


def contact(kid, person, when, kind="Besök", prof="Läkare", staff="L1", unit=C1, level="PV", guarantee="N", sought=""):
    return f"{kid};{person};{unit};{level};{when};{kind};{prof};{staff};{guarantee};{sought}"


CONTACTS = [
    # continuity (18 months: 2024-01-01 … 2025-06-30)
    contact("A1", A, "2025-01-10 09:00", staff="L1"),
    contact("A2", A, "2025-02-10 09:00", staff="L1"),
    contact("A3", A, "2025-03-10 09:00", kind="Hembesök", staff="L2"),
    contact("A4", A, "2025-04-10 09:00", kind="Telefon", staff="L3"),  # not physical
    contact("B1", B, "2025-01-11 09:00"),
    contact("B2", B, "2025-02-11 09:00", staff="L2"),
    *[contact(f"C{i}", C, f"2025-0{i}-12 10:00", prof="Sjuksköterska", staff="S1") for i in range(1, 5)],
    *[contact(f"D{i}", D, f"2025-0{i}-13 10:00", prof="Distriktssköterska", staff=f"S{i}") for i in range(1, 4)],
    # diagnoses at the edge of the 60 months (window from 2020-07-01)
    contact("DX", D, "2020-07-01 08:00"),
    contact("EX", E, "2020-06-30 08:00"),
    # depression
    contact("F0", F, "2023-05-12 09:00"),
    contact("F1", F, "2024-05-10 09:00"),
    contact("G0", G, "2023-05-10 09:00"),
    contact("G1", G, "2024-05-10 09:00"),
    contact("G2", G, "2024-06-01 09:00", kind="Telefon", prof="Kurator", staff="K1"),
    contact("H1", H, "2025-03-20 09:00"),
    # COPD
    contact("I1", I, "2025-02-01 09:00", kind="Video"),
    contact("J1", J, "2025-02-02 09:00"),
    # the switcher: three doctor visits at C1, then one at C2
    contact("N1", N, "2025-01-05 09:00"),
    contact("N2", N, "2025-02-05 09:00"),
    contact("N3", N, "2025-03-05 09:00"),
    contact("N4", N, "2025-06-05 09:00", unit=C2, staff="L9"),
    # the month's access and registration cases (all at C1 in June)
    # (video and phone, so that they leave the continuity cases alone)
    contact("V1", A, "2025-06-05 09:00", "Video", guarantee="J", sought="2025-06-02"),  # 3 days: within
    contact("V2", B, "2025-06-05 10:00", "Video", guarantee="J", sought="2025-06-01"),  # 4 days: not
    contact("V3", C, "2025-06-05 11:00", "Video", guarantee="J", sought="2025-06-06"),  # seek after: out
    contact("V4", C, "2025-06-06 11:00", "Video", guarantee="J"),  # no seek date: out
    contact(
        "V5", D, "2025-06-07 11:00", prof="Undersköterska", staff="U1", guarantee="J", sought="2025-06-07"
    ),  # not licensed: out
    contact("X1", INVALID, "2025-06-08 09:00", "Telefon"),  # invalid personnummer
    contact("X2", E, "2025-06-09 09:00", "Telefon", staff=""),  # only an invalid code
    contact("ED1", N, "2025-05-01 22:00", unit="SE2321000214-A01", level="AKM", staff=""),
]

CODES = [
    "A1;DIA;J06.9;1",
    "A2;DIA;J069;1",
    "A3;DIA;I10;1",
    "A4;DIA;I10;1",
    "B1;DIA;J06.9;1",
    "B2;DIA;J06.9;1",
    "DX;DIA;E11.9;1",
    "EX;DIA;E119;1",
    "F0;DIA;F32.1;1",
    "F1;DIA;F32.1;1",
    "G0;DIA;F33.1;1",
    "G1;DIA;f321;1",
    "H1;DIA;F32.0;1",
    "I1;DIA;J44.1;1",
    "J1;DIA;J449;1",
    "N1;DIA;M54.5;1",
    "N2;DIA;M54.5;1",
    "N3;DIA;M54.5;1",
    "N4;DIA;M54.5;1",
    "V1;DIA;J06.9;1",
    "V2;DIA;J06.9;1",
    "V3;DIA;J06.9;1",
    "V4;DIA;J06.9;1",
    "X1;DIA;J06.9;1",
    "X2;DIA;XYZ;1",
    "C1;KVA;DV132;1",
    "C2;KVA;ZZ999;1",
]

CALLS = [  # phone_same_day at C1: reached 2 (answered, callback same day) of 5 measured
    "T1;{c};2025-06-02 08:00;BESVARAT;;Rådgivning",
    "T2;{c};2025-06-02 09:00;ATERUPPRINGNING;2025-06-02 16:00;Rådgivning",
    "T3;{c};2025-06-02 15:00;ATERUPPRINGNING;2025-06-03 08:30;Rådgivning",
    "T4;{c};2025-06-02 19:00;STANGT;;Rådgivning",
    "T5;{c};2025-06-03 08:00;AVBRUTET;;Recept",
    "T6;{c};2025-06-03 08:10;KO_FULL;;Recept",
]

PRESCRIPTIONS = [
    f"{I};2025-03-01;R03AL03;{C1}",
    f"{J};2025-03-01;R03BB04;{C1}",
    f"{K};2025-03-01;M01AX05;{C1}",
    f"{L};2025-03-01;N02AE01;{C1}",
    f"{M};2025-03-01;N02AA01;{C1}",
    f"{S};2025-03-01;C09AA05;{C1}",
    f"{T};2025-03-01;C09AA05;{C1}",
]

MEASUREMENTS = [f"{S};2025-04-01;EGFR;55;{C1}", f"{T};2025-04-01;EGFR;60;{C1}"]

STAFF = [  # C1: doctors 1.0 GP + 0.5 other specialist + 1.0 ST (training) + 0.5 hired; nurses 1.0 DSK + 1.0
    f"{C1};L1;Läkare;Allmänmedicin;;1;N",
    f"{C1};L2;Läkare;Annan;;0,5;N",
    f"{C1};L3;Läkare;;ST;1;N",
    f"{C1};L4;Läkare;Allmänmedicin;;0,5;J",
    f"{C1};S1;Distriktssköterska;Distriktssköterska;;1;N",
    f"{C1};S2;Sjuksköterska;;;1;N",
]


def write_delivery(folder: Path) -> None:
    folder.mkdir(parents=True)
    listing = ["Personnummer;Kon;VardenhetHSAid;Listningsdatum;AktivtVal;DeSO;Kommunkod"]
    listing += [f"{p};K;{C1};2020-01-01;J;2380C1010;2380" for p in LISTED_C1]
    listing += [f"{p};M;{C2};2025-04-01;J;2380C1020;2380" for p in LISTED_C2]
    files = {
        "listning.csv": listing,
        "vardkontakter.csv": [
            "KontaktID;Personnummer;VardenhetHSAid;Vardniva;Kontaktdatum;Kontakttyp;"
            "Yrkeskategori;PersonalID;Vardgaranti;Sokdatum",
            *CONTACTS,
        ],
        "diagnoser_atgarder.csv": ["KontaktID;Kodtyp;Kod;Ordning", *CODES],
        "telefoni.csv": ["SamtalID;VardenhetHSAid;Inkommande;Utfall;Aterringd;Ko", *[c.format(c=C1) for c in CALLS]],
        "matvarden.csv": ["Personnummer;Datum;Variabel;Varde;VardenhetHSAid", *MEASUREMENTS],
        "lakemedel.csv": ["Personnummer;Datum;ATC;VardenhetHSAid", *PRESCRIPTIONS],
        "halsosamtal.csv": ["Personnummer;VardenhetHSAid;Inbjudningsdatum;Kanal"],
        "bemanning.csv": ["VardenhetHSAid;PersonalID;Yrkeskategori;Specialist;Tjanst;Sysselsattning;Inhyrd", *STAFF],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def values(tmp_path_factory):
    root = tmp_path_factory.mktemp("by_hand")
    write_delivery(root / MONTH)
    warehouse = root / "w.duckdb"
    con = connect(warehouse)
    load = load_month(con, Delivery(MONTH, root / MONTH), Pseudonymiser(TEST_KEY))
    con.close()
    assert load.rows_rejected == 0, load
    run_dbt(warehouse, "build", "--vars", f'{{"period_start": "{MONTH}", "period_end": "{MONTH}"}}')
    con = duckdb.connect(str(warehouse), read_only=True)
    rows = con.execute(
        "select centre_id, indicator, numerator, denominator, value from marts.indicator_values where period = ?",
        [MONTH],
    ).fetchall()
    con.close()
    return {(c, i): (n, d, v) for c, i, n, d, v in rows}


def test_continuity_enters_at_three_contacts_and_computes_coc(values):
    # A: L1, L1, L2 -> (2² + 1² − 3) / (3 · 2) = 1/3; B has two: out; N's C1 visits don't count at C2.
    assert values[(C1, "continuity_doctor")] == pytest.approx((1 / 3, 1, 1 / 3))
    assert values[(C2, "continuity_doctor")][1] == 0 and values[(C2, "continuity_doctor")][2] is None
    # C: S1 x4 -> 1; D: S1, S2, S3 -> 0; mean 0.5
    assert values[(C1, "continuity_nurse")] == pytest.approx((1.0, 2, 0.5))


def test_callback_same_day_is_reached_next_morning_is_not(values):
    assert values[(C1, "phone_same_day")] == pytest.approx((2, 5, 0.4))


def test_three_days_is_within_four_is_not_and_errors_are_left_out(values):
    assert values[(C1, "assessment_within_3_days")] == pytest.approx((1, 2, 0.5))
    # The care-guarantee contact without seek date is a registration error: 1 of the 5.
    assert values[(C1, "reg_guarantee_without_seek_date")] == pytest.approx((1, 5, 0.2))


def test_diagnosis_just_inside_and_just_outside_sixty_months(values):
    # D (2020-07-01) has diabetes, E (2020-06-30) does not: 1 of the 15 listed at C1.
    assert values[(C1, "diabetes_prevalence")] == pytest.approx((1, 15, 1 / 15))


def test_depression_364_days_is_not_new_366_days_is(values):
    # Index window for 2025-06: 2024-04-01 … 2025-03-31. F (364 days after F0) is not new;
    # G (366 days, over the leap day) is, and followed up on day 22; H is not followed up.
    assert values[(C1, "depression_follow_up")] == pytest.approx((1, 2, 0.5))


def test_combination_inhaler_counts_for_two_classes(values):
    # I: R03AL03 = LABA + LAMA -> maintenance, J44 video visit at C1 -> followed up. J: LAMA only.
    assert values[(C1, "copd_follow_up")] == pytest.approx((1, 1, 1.0))


def test_glucosamine_and_buprenorphine_are_not_kidney_drugs_and_samordningsnummer_age(values):
    # Cohort: M (80, N02AA01) and S (samordningsnummer, 75 on 2025-06-30, C09AA05, eGFR).
    # K (glucosamine) and L (buprenorphine) are not on a listed drug; T is 74.
    assert values[(C1, "elderly_kidney_function")] == pytest.approx((1, 2, 0.5))


def test_invalid_personnummer_is_a_contact_not_a_person(values):
    # June contacts at C1: V1–V5, X1, X2 = 7; persons: A, B, C, D, E (X1's id is invalid).
    assert values[(C1, "contacts")][0] == 7
    assert values[(C1, "patients_seen")][0] == 5
    assert values[(C1, "reg_invalid_personnummer")] == pytest.approx((1, 7, 1 / 7))


def test_contact_with_only_an_invalid_code_has_no_diagnosis(values):
    # June doctor contacts at C1: V1–V4, X1, X2 = 6; X2 has only 'XYZ'.
    assert values[(C1, "reg_doctor_contacts_without_diagnosis")] == pytest.approx((1, 6, 1 / 6))
    # All code rows on June's C1 contacts: V1–V4, X1, X2 = 6, one malformed.
    assert values[(C1, "reg_invalid_codes")] == pytest.approx((1, 6, 1 / 6))
    assert values[(C1, "reg_contacts_without_staff_id")] == pytest.approx((1, 7, 1 / 7))


def test_switched_centre_counts_where_listed_now(values):
    # N's ED visit counts for C2 (listed there at the reference date): 1 visit per 1 listed.
    assert values[(C2, "ed_visits_per_1000")] == pytest.approx((1, 1, 1000.0))
    assert values[(C1, "ed_visits_per_1000")][0] == 0


def test_ratio_with_denominator_zero_is_null(values):
    assert values[(C2, "phone_same_day")] == (0, 0, None)
    assert values[(C2, "listed")] == (1, None, 1)


def test_staffing_shares_by_hand(values):
    # Doctors not in training: L1 1.0 GP, L2 0.5, L4 0.5 GP -> 1.5 / 2.0; hired 0.5 of 3.0.
    assert values[(C1, "gp_specialist_share")] == pytest.approx((1.5, 2.0, 0.75))
    assert values[(C1, "hired_doctor_share")] == pytest.approx((0.5, 3.0, 1 / 6))
    assert values[(C1, "district_nurse_share")] == pytest.approx((1.0, 2.0, 0.5))


def test_region_is_the_same_formula_over_all_centres(values):
    assert values[("REGION", "listed")][0] == 16
    # N is the only ED visitor: REGION has 1 visit per 16 listed.
    assert values[("REGION", "ed_visits_per_1000")] == pytest.approx((1, 16, 1000 / 16))
    assert values[("REGION", "continuity_doctor")] == pytest.approx((1 / 3, 1, 1 / 3))
