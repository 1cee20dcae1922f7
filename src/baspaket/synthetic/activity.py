"""One month of care for the synthetic population: the rows of the eight exports.

Every function takes the month's population and returns a pandas frame whose columns are the
export's columns (values still clean: formatting and deliberate errors are added by `messiness`).
Rates are per person and month; the defaults give a county of 133 600 listed about 600 000
primary-care contacts and 16 700 home visits a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from baspaket.synthetic.population import CONDITIONS, Population

ACUTE_CODES = (
    "J06.9",
    "M54.5",
    "N39.0",
    "L30.9",
    "R10.4",
    "H66.9",
    "J20.9",
    "R05.9",
    "M25.5",
    "K59.0",
    "B34.9",
    "Z00.0",
    "R51.9",
    "M79.1",
    "I83.9",
    "L03.1",
)
OTHER_PROFESSIONS = (
    ("Undersköterska", 0.36),
    ("Fysioterapeut", 0.30),
    ("Psykolog", 0.07),
    ("Kurator", 0.08),
    ("Arbetsterapeut", 0.06),
    ("Dietist", 0.03),
    ("Barnmorska", 0.06),
    ("Annan", 0.04),
)
NURSE_KVA = ("AU118", "XS100", "AV034", "QX001", "DG021", "GB009", "AQ014", "XS112")
OTHER_PV_UNIT = "SE2321000214-P90"
SOV_UNITS = tuple(f"SE2321000214-S{i:02d}" for i in range(10, 16))
ED_UNIT = "SE2321000214-A01"
HEALTH_TALK_CODE = "ZV040"


@dataclass
class CentreTraits:
    """What makes one centre different from the next: staffing, continuity, access."""

    n_doctors: int
    n_nurses: int
    n_others: int
    regular_doctor_p: float  # chance a doctor contact is with the person's own doctor
    regular_nurse_p: float
    phone_reach: float  # chance a measured call is answered or called back the same day
    within_3_days: float  # chance a care-guarantee contact comes within 3 days
    follow_up_p: float  # chance a new depression/anxiety episode is followed up in 90 days
    invite_p: float  # share of the health-talk cohort invited during the year
    gp_specialist_p: float
    district_nurse_p: float
    hired_doctor_p: float


def make_traits(rng: np.random.Generator, listed: np.ndarray, scale: float = 1.0) -> list[CentreTraits]:
    """`scale`: how many real persons each synthetic person stands for. A small demo region is a
    sample of a county, so each centre keeps the staff of its real size (and so its continuity)."""
    traits = []
    for n in listed * scale:
        traits.append(
            CentreTraits(
                n_doctors=max(2, int(round(n / 1400))),
                n_nurses=max(3, int(round(n / 900))),
                n_others=max(3, int(round(n / 700))),
                regular_doctor_p=float(rng.uniform(0.04, 0.42)),
                regular_nurse_p=float(rng.uniform(0.15, 0.55)),
                phone_reach=float(np.clip(rng.normal(0.87, 0.05), 0.70, 0.98)),
                within_3_days=float(np.clip(rng.normal(0.72, 0.09), 0.45, 0.95)),
                follow_up_p=float(rng.uniform(0.15, 0.50)),
                invite_p=float(rng.uniform(0.2, 0.9)),
                gp_specialist_p=float(rng.uniform(0.3, 0.9)),
                district_nurse_p=float(rng.uniform(0.3, 0.8)),
                hired_doctor_p=float(rng.choice([0.0, 0.0, 0.1, 0.3])),
            )
        )
    return traits


def staff_id(centre: int, role: str, slot: int) -> str:
    return f"{role}{centre + 1:02d}{slot:03d}"


def _random_times(rng, month_start: np.datetime64, days: int, n: int) -> np.ndarray:
    day = rng.integers(0, days, n).astype("timedelta64[D]")
    minutes = rng.integers(7 * 60 + 30, 17 * 60, n).astype("timedelta64[m]")
    return (month_start + day).astype("datetime64[m]") + minutes


def contacts(
    rng,
    pop: Population,
    idx: np.ndarray,
    ages: np.ndarray,
    traits: list[CentreTraits],
    centre_ids: list[str],
    month_start: np.datetime64,
    days: int,
    id_prefix: str,
) -> pd.DataFrame:
    """All outpatient contacts of the month for the persons `idx` (alive and listed)."""
    n_chronic = sum(pop.conditions[k][idx].astype(int) for k in CONDITIONS)
    base = np.select([ages < 5, ages < 18, ages < 45, ages < 65, ages < 80], [0.44, 0.18, 0.23, 0.33, 0.52], 0.88)
    pv_rate = base * (1 + 0.35 * n_chronic)
    n_pv = rng.poisson(pv_rate)
    n_sov = rng.poisson(0.06 + 0.02 * n_chronic)
    n_ed = rng.poisson(np.where(ages >= 80, 0.045, 0.018) + 0.004 * n_chronic)

    frames = []
    # Primary care at the person's own centre (and now and then at another unit).
    person = np.repeat(idx, n_pv)
    n = len(person)
    person_age = np.repeat(ages, n_pv)
    centre = pop.centre[person]
    u = rng.random(n)
    profession = np.where(
        u < 0.36, "Läkare", np.where(u < 0.52, "Sjuksköterska", np.where(u < 0.72, "Distriktssköterska", "other"))
    )
    others = profession == "other"
    names, weights = zip(*OTHER_PROFESSIONS)
    profession[others] = rng.choice(names, size=int(others.sum()), p=np.array(weights) / sum(weights))
    home_p = np.where(person_age >= 80, 0.142, np.where(person_age >= 65, 0.022, 0.001))
    t = rng.random(n)
    kind = np.where(
        t < home_p,
        "Hembesök",
        np.where(t < 0.60, "Besök", np.where(t < 0.84, "Telefon", np.where(t < 0.89, "Video", "Skriftlig"))),
    )
    staff = np.empty(n, dtype=object)
    for i in range(n):
        tr = traits[centre[i]]
        p = profession[i]
        if p == "Läkare":
            own = pop.doctor_slot[person[i]] % tr.n_doctors
            slot = own if rng.random() < tr.regular_doctor_p else rng.integers(tr.n_doctors)
            staff[i] = staff_id(centre[i], "L", slot)
        elif p in ("Sjuksköterska", "Distriktssköterska"):
            own = pop.nurse_slot[person[i]] % tr.n_nurses
            slot = own if rng.random() < tr.regular_nurse_p else rng.integers(tr.n_nurses)
            staff[i] = staff_id(centre[i], "S", slot)
        else:
            staff[i] = staff_id(centre[i], "O", rng.integers(tr.n_others))
    unit = np.array(centre_ids, dtype=object)[centre]
    elsewhere = rng.random(n) < 0.03
    unit[elsewhere] = OTHER_PV_UNIT
    staff[elsewhere] = "X" + staff[elsewhere].astype(str)
    frames.append(
        pd.DataFrame(
            {
                "person": person,
                "VardenhetHSAid": unit,
                "Vardniva": "PV",
                "Kontakttyp": kind,
                "Yrkeskategori": profession,
                "PersonalID": staff,
                "centre": np.where(elsewhere, -1, centre),
            }
        )
    )
    # Specialised outpatient care and the emergency department.
    for level, counts, units in (("SOV", n_sov, SOV_UNITS), ("AKM", n_ed, (ED_UNIT,))):
        person = np.repeat(idx, counts)
        m = len(person)
        frames.append(
            pd.DataFrame(
                {
                    "person": person,
                    "VardenhetHSAid": rng.choice(units, m),
                    "Vardniva": level,
                    "Kontakttyp": np.where(rng.random(m) < 0.9, "Besök", "Video") if level == "SOV" else "Besök",
                    "Yrkeskategori": np.where(rng.random(m) < 0.8, "Läkare", "Sjuksköterska"),
                    "PersonalID": None,
                    "centre": -1,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["Kontaktdatum"] = _random_times(rng, month_start, days, len(out))
    out["KontaktID"] = [f"{id_prefix}{i:07d}" for i in range(len(out))]
    out["Vardgaranti"] = "N"
    out["Sokdatum"] = pd.NaT
    _care_guarantee(rng, out, traits)
    return out


def _care_guarantee(rng, out: pd.DataFrame, traits: list[CentreTraits]) -> None:
    """About a fifth of doctor and nurse contacts at the centres assess a new problem."""
    licensed_first = (
        (out["centre"] >= 0)
        & out["Yrkeskategori"].isin(["Läkare", "Sjuksköterska", "Distriktssköterska"])
        & out["Kontakttyp"].isin(["Besök", "Video", "Telefon"])
    )
    chosen = licensed_first & (rng.random(len(out)) < 0.22)
    out.loc[chosen, "Vardgaranti"] = "J"
    rows = np.flatnonzero(chosen.to_numpy())
    p_fast = np.array([traits[c].within_3_days for c in out["centre"].to_numpy()[rows]])
    fast = rng.random(len(rows)) < p_fast
    lag = np.where(fast, rng.integers(0, 4, len(rows)), rng.integers(4, 21, len(rows)))
    contact_day = out["Kontaktdatum"].to_numpy()[rows].astype("datetime64[D]")
    out.loc[out.index[rows], "Sokdatum"] = contact_day - lag.astype("timedelta64[D]")


def codes(rng, contacts_df: pd.DataFrame, pop: Population) -> pd.DataFrame:
    """Diagnoses on doctor contacts, procedure codes on the others, as registered."""
    rows = []
    person = contacts_df["person"].to_numpy()
    profession = contacts_df["Yrkeskategori"].to_numpy()
    ids = contacts_df["KontaktID"].to_numpy()
    chronic_lists = {k: pop.conditions[k] for k in CONDITIONS}
    for i in range(len(contacts_df)):
        p = person[i]
        if profession[i] == "Läkare" or (profession[i] != "Läkare" and rng.random() < 0.25):
            own = [k for k, has in chronic_lists.items() if has[p]]
            if own and rng.random() < 0.6:
                code = rng.choice(CONDITIONS[own[rng.integers(len(own))]])
            else:
                code = ACUTE_CODES[rng.integers(len(ACUTE_CODES))]
            rows.append((ids[i], "DIA", code, 1))
            if rng.random() < 0.25:
                rows.append((ids[i], "DIA", ACUTE_CODES[rng.integers(len(ACUTE_CODES))], 2))
        if profession[i] != "Läkare" and rng.random() < 0.55:
            rows.append((ids[i], "KVA", NURSE_KVA[rng.integers(len(NURSE_KVA))], 1))
    return pd.DataFrame(rows, columns=["KontaktID", "Kodtyp", "Kod", "Ordning"])
