"""Indicators on a tiny warehouse whose answers were computed on paper.

One delivery (2025-06, reference date 2025-06-30) written row by row below, loaded by the real
loader into a real DuckDB file, built by a real `dbt build`. Older contacts arrive as late
registrations in the same delivery (exports.md: loaded under their own date). Centre C1 is
SE2321000214-E01, C2 is SE2321000214-E02, C3 is SE2321000214-E03 (seeds/centres.csv).

Every one of the catalogue's indicators has a case here with its answer worked out in the
comment beside it (test_every_catalogue_indicator_has_a_case_here holds that). C1 and C2 carry
the first cases; C3 the population, activity, clinical and registration cases added later, on
persons of its own so that C1's answers stay as they were.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from baspaket.ingest.delivery import Delivery
from baspaket.ingest.loader import load_month
from baspaket.ingest.pseudonym import Pseudonymiser
from baspaket.settings import SEEDS_DIR
from baspaket.synthetic.population import make_personnummer
from baspaket.warehouse import connect
from tests.conftest import TEST_KEY, run_dbt

C1, C2, C3 = "SE2321000214-E01", "SE2321000214-E02", "SE2321000214-E03"
SOV, AKM = "SE2321000214-S01", "SE2321000214-A01"  # hospital units: not health centres
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

# C3's persons. None of Q*, R*, W1, Y* turns 40, 50, 60 or 70 in 2025; none is 75 or older.
P1 = pnr("1985-03-01", 41)  # turns 40 in 2025: invited in February, health talk in March
P2 = pnr("1975-05-01", 42)  # turns 50: invited and talked to in December 2024 -> neither counts
P3 = pnr("1965-12-31", 43)  # turns 60 on 2025-12-31, after the reference date: still the cohort; invited 2025-06-30
P4 = pnr("1955-01-01", 44)  # turns 70: invited by C1, not by C3 -> not offered at C3
P5 = pnr("1986-01-01", 45)  # turns 39: invited but not in the cohort; the June contacts at C3
Q1 = pnr("1958-01-10", 46)  # E11; BP 130/80 (a later date has no diastolic); HbA1c 60, then 68 and 74 on one day
Q2 = pnr("1959-01-10", 47)  # E10; BP 140/86; HbA1c 80 but type 1
Q3 = pnr("1957-01-10", 48)  # E11; BP only before the 12 months; HbA1c 65 on their first day
Q4 = pnr("1956-01-10", 49)  # E13; no measurements
Q5 = pnr("1954-01-10", 51)  # E14; BP 140/85 on the reference date
R1 = pnr("1990-01-01", 52)  # anxiety 2024-10-01, next contact the day after -> followed up
R2 = pnr("1991-01-01", 53)  # anxiety 2025-01-15, next contact on day 90 -> followed up
R3 = pnr("1992-01-01", 54)  # anxiety 2025-02-01, next contact on day 91 -> not
R4 = pnr("1993-01-01", 55)  # depression 2024-12-01 (not new anxiety); anxiety 2025-03-10, follow-up at C1 -> not
R5 = pnr("1994-01-01", 56)  # anxiety 2025-04-01: after the index window -> no index event
R6 = pnr("1996-01-01", 57)  # anxiety 2024-05-01 (new, not followed up) and 2024-09-01 (123 days later: not new)
W1 = pnr("1980-01-20", 58)  # coverage: 4 primary-care doctor contacts of 6; an ED visit; continuity 0.5
Y1 = pnr("1982-01-20", 59)  # 12 contacts at C3 in the 12 months -> frequent attender
Y2 = pnr("1983-01-20", 61)  # 11 at C3 and 1 at C1 -> not

LISTED_C1 = [A, B, C, D, E, F, G, H, I, J, K, L, M, S, T]
LISTED_C2 = [N]
LISTED_C3 = [P1, P2, P3, P4, P5, Q1, Q2, Q3, Q4, Q5, R1, R2, R3, R4, R5, R6, W1, Y1, Y2]  # 19
PASSIVE_CHOICE = {P2, Q2, R2, W1}  # AktivtVal = N: 15 of C3's 19 chose actively


def contact(kid, person, when, kind="Besök", prof="Läkare", staff="L1", unit=C1, level="PV", guarantee="N", sought=""):
    return f"{kid};{person};{unit};{level};{when};{kind};{prof};{staff};{guarantee};{sought}"


MONTHS_BEFORE_JUNE = [f"2024-{m:02d}" for m in range(7, 13)] + [f"2025-{m:02d}" for m in range(1, 6)]  # 11

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
    contact("ED1", N, "2025-05-01 22:00", unit=AKM, level="AKM", staff=""),
    # --- C3 ---
    # diabetes, diagnosed in 2023 (inside the 60 months, outside the 12 and 18) by phone
    *[
        contact(f"QD{i}", q, f"2023-03-0{i} 09:00", "Telefon", unit=C3, staff="L31")
        for i, q in enumerate([Q1, Q2, Q3, Q4, Q5], 1)
    ],
    # anxiety, by phone with a counsellor (so they leave coverage and continuity alone)
    *[
        contact(kid, person, when, "Telefon", prof="Kurator", staff="K31", unit=unit)
        for kid, person, when, unit in [
            ("R1a", R1, "2024-10-01 09:00", C3),
            ("R1b", R1, "2024-10-02 09:00", C3),
            ("R2a", R2, "2025-01-15 09:00", C3),
            ("R2b", R2, "2025-04-15 09:00", C3),
            ("R3a", R3, "2025-02-01 09:00", C3),
            ("R3b", R3, "2025-05-03 09:00", C3),
            ("R4a", R4, "2024-12-01 09:00", C3),
            ("R4b", R4, "2025-03-10 09:00", C3),
            ("R4c", R4, "2025-03-20 09:00", C1),
            ("R5a", R5, "2025-04-01 09:00", C3),
            ("R6a", R6, "2024-05-01 09:00", C3),
            ("R6b", R6, "2024-09-01 09:00", C3),
        ]
    ],
    # coverage: doctor contacts of the coverage types in the 12 months (2024-07 … 2025-06)
    contact("W1a", W1, "2024-08-01 09:00", unit=C3, staff="L31"),
    contact("W1b", W1, "2024-10-01 09:00", unit=C3, staff="L31"),
    contact("W1c", W1, "2025-01-10 09:00", "Hembesök", unit=C3, staff="L31"),
    contact("W1d", W1, "2025-02-01 09:00", "Video", unit=C1, staff="L1"),  # primary care at another centre
    contact("W1e", W1, "2025-03-01 09:00", unit=SOV, level="SOV", staff="L91"),
    contact("W1f", W1, "2025-04-01 09:00", unit=AKM, level="AKM", staff="L92"),  # an ED visit
    contact("W1g", W1, "2025-04-02 09:00", prof="Sjuksköterska", unit=C3, staff="S31"),  # not a doctor
    contact("W1h", W1, "2025-04-03 09:00", "Telefon", unit=C3, staff="L31"),  # not a coverage type
    contact("W1i", W1, "2024-06-30 09:00", unit=C3, staff="L32"),  # before the 12 months, inside the 18
    # frequent attenders: Y1 12 contacts at C3, Y2 11 at C3 and 1 at C1 (all by phone, before June)
    *[
        contact(f"Y1m{m}", Y1, f"{d}-15 08:00", "Telefon", prof="Sjuksköterska", staff="S31", unit=C3)
        for m, d in enumerate(MONTHS_BEFORE_JUNE)
    ],
    contact("Y1x", Y1, "2025-05-20 08:00", "Telefon", prof="Sjuksköterska", staff="S31", unit=C3),
    *[
        contact(f"Y2m{m}", Y2, f"{d}-16 08:00", "Telefon", prof="Sjuksköterska", staff="S31", unit=C3)
        for m, d in enumerate(MONTHS_BEFORE_JUNE)
    ],
    contact("Y2x", Y2, "2025-05-21 08:00", "Telefon", prof="Sjuksköterska", staff="S1", unit=C1),
    # health talks (KVÅ ZV040, seeds/kva_codes.csv): P1 in March, P2 in December 2024
    contact("HT1", P1, "2025-03-01 09:00", prof="Sjuksköterska", staff="S31", unit=C3),
    contact("HT2", P2, "2024-12-20 09:00", prof="Sjuksköterska", staff="S31", unit=C3),
    # June at C3, all P5's: a home visit, a physiotherapist, an assistant nurse, a doctor's call
    contact("Z1", P5, "2025-06-10 09:00", "Hembesök", prof="Distriktssköterska", staff="S32", unit=C3),
    contact("Z2", P5, "2025-06-11 09:00", prof="Fysioterapeut", staff="F31", unit=C3),
    contact("Z3", P5, "2025-06-12 09:00", prof="Undersköterska", staff="U31", unit=C3),
    contact("Z4", P5, "2025-06-13 09:00", "Telefon", staff="L31", unit=C3),
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
    # C3
    "QD1;DIA;E11.9;1",
    "QD2;DIA;E10.9;1",
    "QD3;DIA;E11.9;1",
    "QD4;DIA;E13.9;1",
    "QD5;DIA;E14.9;1",
    "R1a;DIA;F41.1;1",
    "R2a;DIA;F40.0;1",
    "R3a;DIA;F41.9;1",
    "R4a;DIA;F32.1;1",
    "R4b;DIA;F41.0;1",
    "R5a;DIA;F41.1;1",
    "R6a;DIA;F41.1;1",
    "R6b;DIA;F41.1;1",
    "HT1;KVA;ZV040;1",
    "HT2;KVA;ZV040;1",
    "Z1;DIA;I10;1",
    "Z1;KVA;DV132;2",  # in the KVÅ list
    "Z2;KVA;ZZ999;1",  # well-formed, not in the list; Z2 has no diagnosis
    "Z4;DIA;J06.9;1",
    "Z4;KVA;AB12;2",  # not the shape of a KVÅ code
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

MEASUREMENTS = [
    f"{S};2025-04-01;EGFR;55;{C1}",
    f"{T};2025-04-01;EGFR;60;{C1}",
    *[
        f"{person};{day};{variable};{value};{C3}"
        for person, day, variable, value in [
            (Q1, "2025-03-01", "BT_SYS", 130),
            (Q1, "2025-03-01", "BT_DIA", 80),
            (Q1, "2025-05-01", "BT_SYS", 150),  # no diastolic that day: not a blood pressure
            (Q1, "2025-01-01", "HBA1C", 60),
            (Q1, "2025-05-01", "HBA1C", 68),
            (Q1, "2025-05-01", "HBA1C", 74),  # the day's mean is 71: over 70
            (Q2, "2025-04-01", "BT_SYS", 140),
            (Q2, "2025-04-01", "BT_DIA", 86),
            (Q2, "2025-03-01", "HBA1C", 80),
            (Q3, "2024-06-30", "BT_SYS", 120),
            (Q3, "2024-06-30", "BT_DIA", 70),
            (Q3, "2024-07-01", "HBA1C", 65),
            (Q5, "2025-06-30", "BT_SYS", 140),
            (Q5, "2025-06-30", "BT_DIA", 85),
        ]
    ],
]

INVITATIONS = [
    f"{P1};{C3};2025-02-01;Brev",
    f"{P2};{C3};2024-12-15;Brev",
    f"{P3};{C3};2025-06-30;1177",
    f"{P4};{C1};2025-03-01;Telefon",
    f"{P5};{C3};2025-02-01;Brev",
]

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
    listing += [f"{p};K;{C3};2020-01-01;{'N' if p in PASSIVE_CHOICE else 'J'};2380C1010;2380" for p in LISTED_C3]
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
        "halsosamtal.csv": ["Personnummer;VardenhetHSAid;Inbjudningsdatum;Kanal", *INVITATIONS],
        "bemanning.csv": ["VardenhetHSAid;PersonalID;Yrkeskategori;Specialist;Tjanst;Sysselsattning;Inhyrd", *STAFF],
    }
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("by_hand")
    write_delivery(root / MONTH)
    warehouse = root / "w.duckdb"
    con = connect(warehouse)
    load = load_month(con, Delivery(MONTH, root / MONTH), Pseudonymiser(TEST_KEY))
    con.close()
    assert load.rows_rejected == 0, load
    run_dbt(warehouse, "build", "--vars", f'{{"period_start": "{MONTH}", "period_end": "{MONTH}"}}')
    return warehouse


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, [MONTH]).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def values(warehouse):
    rows = query(
        warehouse,
        "select centre_id, indicator, numerator, denominator, value from marts.indicator_values where period = ?",
    )
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
    assert values[("REGION", "listed")][0] == 15 + 1 + 19
    # N and W1 are the ED visitors: REGION has 2 visits per 35 listed.
    assert values[("REGION", "ed_visits_per_1000")] == pytest.approx((2, 35, 2000 / 35))
    # A (1/3 at C1) and W1 (1/2 at C3): the mean over persons, not over centres.
    assert values[("REGION", "continuity_doctor")] == pytest.approx((1 / 3 + 1 / 2, 2, 5 / 12))


def test_population_of_c3(values):
    assert values[(C3, "listed")] == (19, None, 19)
    assert values[(C3, "active_choice_share")] == pytest.approx((15, 19, 15 / 19))
    # All 19 live in DeSO 2380C1010 (seeds/deso_cni.csv). Σ weight · share for one person:
    # 3.23·0.07 + 5.72·0.1718 + 6.15·0.0854 + 4.19·0.0359 + 4.19·0.1134 + 5.13·0.0735 + 3.97·0.1072
    # = 0.2261 + 0.982696 + 0.52521 + 0.150421 + 0.475146 + 0.377055 + 0.425584 = 3.162212
    assert values[(C3, "cni")] == pytest.approx((19 * 3.162212, 19, 3.162212 / 2.4762))
    # Q1–Q5 carry E11, E10, E11, E13, E14 from 2023: 5 of 19.
    assert values[(C3, "diabetes_prevalence")] == pytest.approx((5, 19, 5 / 19))


def test_activity_of_c3(values):
    # June at C3: Z1 (home visit), Z2, Z3, Z4, all P5's.
    assert values[(C3, "contacts")] == (4, None, 4)
    assert values[(C3, "patients_seen")] == (1, None, 1)
    assert values[(C3, "home_visits")] == (1, None, 1)
    # W1's ED visit (W1f), per 1 000 of C3's 19.
    assert values[(C3, "ed_visits_per_1000")] == pytest.approx((1, 19, 1000 / 19))
    # W1's doctor Besök/Hembesök/Video in the 12 months: W1a, W1b, W1c at C3 and W1d at C1 in
    # primary care; W1e (SOV) and W1f (AKM) not. W1g is a nurse, W1h a call, W1i too early.
    assert values[(C3, "coverage")] == pytest.approx((4, 6, 4 / 6))
    # Y1 has 12 contacts at C3 in the 12 months; Y2 has 11 there (the 12th is at C1).
    assert values[(C3, "frequent_attenders_share")] == pytest.approx((1, 19, 1 / 19))


def test_continuity_reaches_back_eighteen_months(values):
    # W1's physical doctor contacts at C3 in the 18 months: L31 x3 (W1a, W1b, W1c) and L32 (W1i,
    # 2024-06-30: outside the 12 months, inside the 18): (3² + 1² − 4) / (4 · 3) = 1/2.
    assert values[(C3, "continuity_doctor")] == pytest.approx((0.5, 1, 0.5))
    # No one at C3 has three physical nurse contacts there.
    assert values[(C3, "continuity_nurse")] == (0, 0, None)


def test_diabetes_blood_pressure_and_hba1c(values):
    # Latest date with both values in 2024-07 … 2025-06: Q1 130/80 (2025-05-01 has no diastolic),
    # Q2 140/86 (diastolic over 85), Q5 140/85 (both at the limit: controlled). Q3's is too
    # early and Q4 has none: missing.
    assert values[(C3, "diabetes_bp_controlled")] == pytest.approx((2, 3, 2 / 3))
    assert values[(C3, "diabetes_bp_missing")] == pytest.approx((2, 5, 2 / 5))
    # Type 2 with an HbA1c in the 12 months: Q1 (latest day 2025-05-01, mean of 68 and 74 = 71:
    # over 70) and Q3 (65). Q2's 80 is type 1.
    assert values[(C3, "diabetes_t2_hba1c_over_70")] == pytest.approx((1, 2, 1 / 2))


def test_anxiety_follow_up_on_day_90_is_in_day_91_is_not(values):
    # Index window 2024-04 … 2025-03. New episodes: R1a, R2a, R3a, R4b (R4's earlier diagnosis is
    # depression), R6a = 5. R6b is 123 days after R6a: not new. R5a is after the window.
    # Followed up at C3 in 1–90 days: R1 (day 1), R2 (day 90). R3 (day 91) and R4 (at C1) are not.
    assert values[(C3, "anxiety_follow_up")] == pytest.approx((2, 5, 2 / 5))
    # R4's depression (2024-12-01) is an index event of its own, followed by nothing in 90 days.
    assert values[(C3, "depression_follow_up")] == pytest.approx((0, 1, 0))


def test_health_talks_count_the_calendar_year_up_to_the_reference_date(values):
    # Cohort: P1 (40), P2 (50), P3 (60 on 2025-12-31), P4 (70). Offered by C3 in 2025 up to
    # 2025-06-30: P1, P3. P2's invitation is from 2024, P4's from C1; P5 is 39.
    assert values[(C3, "health_talk_offered")] == pytest.approx((2, 4, 2 / 4))
    # Completed (KVÅ ZV040 at C3 in 2025): P1. P2's talk was in December 2024.
    assert values[(C3, "health_talk_completed")] == pytest.approx((1, 4, 1 / 4))


def test_registration_over_licensed_staff_and_kva_codes(values):
    # June's licensed contacts at C3: Z1 (district nurse), Z2 (physiotherapist), Z4 (doctor);
    # Z3 (assistant nurse) is not licensed. Z2 has no diagnosis.
    assert values[(C3, "reg_contacts_without_diagnosis")] == pytest.approx((1, 3, 1 / 3))
    assert values[(C3, "reg_doctor_contacts_without_diagnosis")] == pytest.approx((0, 1, 0))
    # Well-formed KVÅ codes: DV132 (in the list) and ZZ999 (not); AB12 is not a KVÅ shape.
    assert values[(C3, "reg_unknown_kva_codes")] == pytest.approx((1, 2, 1 / 2))
    # Code rows on June's C3 contacts: I10, DV132, ZZ999, J06.9, AB12; one malformed.
    assert values[(C3, "reg_invalid_codes")] == pytest.approx((1, 5, 1 / 5))


def test_every_catalogue_indicator_has_a_case_here(values):
    """The catalogue's indicators and the ones this module checks by hand are the same set."""
    catalogue = {row["indicator"] for row in csv.DictReader((SEEDS_DIR / "indicator_catalogue.csv").open())}
    checked = set(re.findall(r'values\[\(C\d, "([a-z0-9_]+)"\)\]', Path(__file__).read_text(encoding="utf-8")))
    assert catalogue - checked == set(), "indicators without a hand-computed case"
    assert checked - catalogue == set(), "cases for indicators the catalogue does not have"
    assert {indicator for _, indicator in values} == catalogue


def test_the_worklist_lists_each_broken_rule_once_per_contact(warehouse):
    worklist = set(
        query(warehouse, "select centre_id, contact_id, error_sv from marts.registration_worklist where period = ?")
    )
    assert worklist == {
        (C1, "V3", "Sökdatum efter kontaktdatum"),
        (C1, "V4", "Vårdgarantikontakt utan sökdatum"),
        (C1, "X1", "Ogiltigt personnummer"),
        # X2: a doctor's call with only 'XYZ' and no PersonalID. Listed under the doctor rule
        # alone, not again under the licensed-staff rule.
        (C1, "X2", "Läkarkontakt utan giltig diagnoskod"),
        (C1, "X2", "Kod med felaktigt format: XYZ"),
        (C1, "X2", "PersonalID saknas"),
        # Z2: a physiotherapist with only an unknown KVÅ code; Z4: a doctor with a malformed one.
        (C3, "Z2", "Kontakt (legitimerad personal) utan giltig diagnoskod"),
        (C3, "Z2", "Okänd KVÅ-kod: ZZ999"),
        (C3, "Z4", "Kod med felaktigt format: AB12"),
    }
