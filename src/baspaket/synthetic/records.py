"""The month's other exports: episodes, measurements, prescriptions, calls, invitations, staff."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from baspaket.synthetic.activity import HEALTH_TALK_CODE, CentreTraits, _random_times, staff_id
from baspaket.synthetic.population import Population

CALL_QUEUES = ("Rådgivning", "Recept", "Provsvar", "Tidbokning", "Barnhälsovård")


def mental_health_episodes(
    rng,
    pop: Population,
    idx: np.ndarray,
    ages: np.ndarray,
    traits: list[CentreTraits],
    centre_ids: list[str],
    month_start: np.datetime64,
    days: int,
    id_prefix: str,
):
    """New depression and anxiety episodes: a doctor contact with the diagnosis, and (at the
    centre's follow-up rate) a follow-up contact 1–90 days later, which may fall in a later
    month. Returns (contacts, codes, follow-ups to emit later)."""
    adult = ages >= 18
    onset = adult & (rng.random(len(idx)) < 0.0035)
    who = idx[onset]
    n = len(who)
    if n == 0:
        return None
    centre = pop.centre[who]
    when = _random_times(rng, month_start, days, n)
    diagnosis = np.where(
        rng.random(n) < 0.6, rng.choice(["F32.1", "F32.0", "F33.1"], n), rng.choice(["F41.1", "F41.9", "F40.1"], n)
    )
    contacts = pd.DataFrame(
        {
            "person": who,
            "VardenhetHSAid": np.array(centre_ids, dtype=object)[centre],
            "Vardniva": "PV",
            "Kontakttyp": "Besök",
            "Yrkeskategori": "Läkare",
            "PersonalID": [staff_id(c, "L", pop.doctor_slot[p] % traits[c].n_doctors) for c, p in zip(centre, who)],
            "centre": centre,
            "Kontaktdatum": when,
            "KontaktID": [f"{id_prefix}{i:06d}" for i in range(n)],
            "Vardgaranti": "N",
            "Sokdatum": pd.NaT,
        }
    )
    codes = pd.DataFrame({"KontaktID": contacts["KontaktID"], "Kodtyp": "DIA", "Kod": diagnosis, "Ordning": 1})
    followed = rng.random(n) < np.array([traits[c].follow_up_p for c in centre])
    lag = rng.integers(7, 80, n).astype("timedelta64[D]")
    follow_ups = pd.DataFrame(
        {
            "person": who[followed],
            "centre": centre[followed],
            "due": (when[followed] + lag[followed]).astype("datetime64[m]"),
        }
    )
    return contacts, codes, follow_ups


def follow_up_contacts(follow_ups: pd.DataFrame, centre_ids: list[str], rng) -> pd.DataFrame:
    n = len(follow_ups)
    person = follow_ups["person"].to_numpy(dtype=np.int64)
    centre = follow_ups["centre"].to_numpy(dtype=np.int64)
    return pd.DataFrame(
        {
            "person": person,
            "VardenhetHSAid": np.array(centre_ids, dtype=object)[centre],
            "Vardniva": "PV",
            "Kontakttyp": rng.choice(["Besök", "Telefon", "Video"], n),
            "Yrkeskategori": rng.choice(["Läkare", "Psykolog", "Kurator", "Sjuksköterska"], n),
            "PersonalID": [staff_id(c, "O", 0) for c in centre],
            "centre": centre,
            "Kontaktdatum": follow_ups["due"].to_numpy(dtype="datetime64[m]"),
            "Vardgaranti": "N",
            "Sokdatum": pd.NaT,
        }
    )


def measurements(
    rng,
    pop: Population,
    idx: np.ndarray,
    ages: np.ndarray,
    centre_ids: list[str],
    month_start: np.datetime64,
    days: int,
    kidney_drug_users: np.ndarray,
) -> pd.DataFrame:
    diabetic = pop.conditions["diabetes_t2"][idx] | pop.conditions["diabetes_t1"][idx]
    hypertensive = pop.conditions["hypertension"][idx]
    rows = []
    bp = (diabetic & (rng.random(len(idx)) < 0.28)) | (hypertensive & (rng.random(len(idx)) < 0.12))
    who = idx[bp]
    day = month_start + rng.integers(0, days, len(who)).astype("timedelta64[D]")
    control = rng.normal(0, 1, len(who))
    sys = np.round(132 + 12 * control + rng.normal(0, 8, len(who)))
    dia = np.round(78 + 6 * control + rng.normal(0, 5, len(who)))
    rows += [("BT_SYS", who, day, sys), ("BT_DIA", who, day, dia)]
    hba1c = diabetic & (rng.random(len(idx)) < 0.2)
    who = idx[hba1c]
    rows.append(
        (
            "HBA1C",
            who,
            month_start + rng.integers(0, days, len(who)).astype("timedelta64[D]"),
            np.round(np.clip(rng.lognormal(np.log(54), 0.2, len(who)), 30, 150), 1),
        )
    )
    kidney = kidney_drug_users[idx] & (ages >= 65) & (rng.random(len(idx)) < 0.2)
    who = idx[kidney]
    day = month_start + rng.integers(0, days, len(who)).astype("timedelta64[D]")
    egfr = np.round(np.clip(rng.normal(65, 18, len(who)), 8, 130))
    rows.append(("EGFR", who, day, egfr))
    rows.append(("KREA", who, day, np.round(np.clip(7000 / egfr, 40, 600))))
    frames = [pd.DataFrame({"person": w, "Datum": d, "Variabel": v, "Varde": val}) for v, w, d, val in rows]
    out = pd.concat(frames, ignore_index=True)
    out["VardenhetHSAid"] = np.array(centre_ids, dtype=object)[pop.centre[out["person"].to_numpy()]]
    return out


# Each condition's drugs; a person on them is renewed now and then.
_REGIMENS = {
    "diabetes_t2": ("A10BA02", "A10BB12"),
    "diabetes_t1": ("A10AB05",),
    "hypertension": ("C09AA05", "C09CA01", "C03AA03", "C07AB07"),
    "atrial_fibrillation": ("B01AF02", "C07AB07"),
    "heart_failure": ("C03CA01", "C09AA05"),
    "asthma": ("R03AK07", "R03BA02"),
    "dementia": ("N06DA02",),
}
_COPD_REGIMENS = (("R03AL08",), ("R03AL03",), ("R03BB04",), ("R03AK07",), ("R03BB04", "R03BA02"))
_ELDERLY_PAIN = ("N02AA01", "N02AE01", "M01AE01", "M01AX05", "N02BE01")


def prescriptions(
    rng,
    pop: Population,
    idx: np.ndarray,
    ages: np.ndarray,
    centre_ids: list[str],
    month_start: np.datetime64,
    days: int,
) -> pd.DataFrame:
    persons, atcs = [], []
    renew = rng.random(len(idx)) < 0.3
    for condition, drugs in _REGIMENS.items():
        who = idx[pop.conditions[condition][idx] & renew]
        for drug in drugs:
            # crc32, not hash(): str hashes change from process to process, and so did the region.
            taking = who[(pop.doctor_slot[who] + zlib.crc32(drug.encode())) % 3 != 0]
            persons.append(taking)
            atcs.append(np.full(len(taking), drug, dtype=object))
    copd = idx[pop.conditions["copd"][idx] & renew]
    regimen = pop.nurse_slot[copd] % len(_COPD_REGIMENS)
    for r, drugs in enumerate(_COPD_REGIMENS):
        for drug in drugs:
            taking = copd[regimen == r]
            persons.append(taking)
            atcs.append(np.full(len(taking), drug, dtype=object))
    elderly = idx[(ages >= 70) & (rng.random(len(idx)) < 0.05)]
    persons.append(elderly)
    atcs.append(rng.choice(_ELDERLY_PAIN, len(elderly)).astype(object))
    acute = idx[rng.random(len(idx)) < 0.03]
    persons.append(acute)
    atcs.append(rng.choice(["J01CE02", "J01EA01", "N06AB04", "J01MA02", "R05DA09"], len(acute)).astype(object))
    person = np.concatenate(persons)
    return pd.DataFrame(
        {
            "person": person,
            "Datum": month_start + rng.integers(0, days, len(person)).astype("timedelta64[D]"),
            "ATC": np.concatenate(atcs),
            "VardenhetHSAid": np.array(centre_ids, dtype=object)[pop.centre[person]],
        }
    )


def kidney_drug_users(pop: Population) -> np.ndarray:
    """Persons whose regimen holds a drug affected by kidney function (metformin, ACE...)."""
    return pop.conditions["diabetes_t2"] | pop.conditions["hypertension"] | pop.conditions["heart_failure"]


def calls(
    rng,
    listed_per_centre: np.ndarray,
    traits: list[CentreTraits],
    centre_ids: list[str],
    month_start: np.datetime64,
    days: int,
    id_prefix: str,
) -> pd.DataFrame:
    frames = []
    for c, listed in enumerate(listed_per_centre):
        n = rng.poisson(listed * 0.13)
        tr = traits[c]
        inkommande = _random_times(rng, month_start, days, n)
        closed = rng.random(n) < 0.05
        reached = rng.random(n) < tr.phone_reach
        answered = rng.random(n) < 0.45
        outcome = np.where(
            closed,
            "STANGT",
            np.where(
                reached,
                np.where(answered, "BESVARAT", "ATERUPPRINGNING"),
                rng.choice(["AVBRUTET", "KO_FULL", "ATERUPPRINGNING"], n, p=[0.45, 0.25, 0.30]),
            ),
        )
        callback = outcome == "ATERUPPRINGNING"
        late = callback & ~reached  # called back, but not the same day
        delay_min = np.where(late, rng.integers(18 * 60, 60 * 60, n), rng.integers(20, 300, n))
        aterringd = inkommande + delay_min.astype("timedelta64[m]")
        # A same-day callback stays on the day: clip at 17:30.
        same_day_end = inkommande.astype("datetime64[D]").astype("datetime64[m]") + np.timedelta64(17 * 60 + 30, "m")
        aterringd = np.where(~late & (aterringd > same_day_end), same_day_end, aterringd)
        frames.append(
            pd.DataFrame(
                {
                    "VardenhetHSAid": centre_ids[c],
                    "Inkommande": inkommande,
                    "Utfall": outcome,
                    "Aterringd": np.where(callback, aterringd, np.datetime64("NaT")),
                    "Ko": rng.choice(CALL_QUEUES, n),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "SamtalID", [f"{id_prefix}{i:07d}" for i in range(len(out))])
    return out


def health_talk_invitations(
    rng,
    pop: Population,
    idx: np.ndarray,
    traits: list[CentreTraits],
    centre_ids: list[str],
    month_start: np.datetime64,
    days: int,
    month_of_year: int,
) -> pd.DataFrame:
    """Persons turning 40/50/60/70 this year, invited in a month drawn from their number."""
    birth_year = pop.birth[idx].astype("datetime64[Y]").astype(int) + 1970
    year = month_start.astype("datetime64[Y]").astype(int) + 1970
    cohort = np.isin(year - birth_year, (40, 50, 60, 70))
    invite_month = (pop.nurse_slot[idx] % 12) + 1
    p = np.array([traits[c].invite_p for c in pop.centre[idx]])
    chosen = cohort & (invite_month == month_of_year) & ((pop.doctor_slot[idx] % 1000) / 1000 < p)
    who = idx[chosen]
    return pd.DataFrame(
        {
            "person": who,
            "VardenhetHSAid": np.array(centre_ids, dtype=object)[pop.centre[who]],
            "Inbjudningsdatum": month_start + rng.integers(0, days, len(who)).astype("timedelta64[D]"),
            "Kanal": rng.choice(["Brev", "Telefon", "1177"], len(who), p=[0.6, 0.1, 0.3]),
        }
    )


def health_talks(
    rng, pop: Population, invited_last_month: pd.DataFrame, traits, centre_ids, month_start, days, id_prefix: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """About half of last month's invited come for the talk this month."""
    come = invited_last_month[rng.random(len(invited_last_month)) < 0.5]
    n = len(come)
    person = come["person"].to_numpy(dtype=np.int64)
    person = person[pop.alive[person]]
    n = len(person)
    centre = pop.centre[person]
    contacts = pd.DataFrame(
        {
            "person": person,
            "VardenhetHSAid": np.array(centre_ids, dtype=object)[centre],
            "Vardniva": "PV",
            "Kontakttyp": "Besök",
            "Yrkeskategori": "Distriktssköterska",
            "PersonalID": [staff_id(c, "S", 0) for c in centre],
            "centre": centre,
            "Kontaktdatum": _random_times(rng, month_start, days, n),
            "KontaktID": [f"{id_prefix}{i:06d}" for i in range(n)],
            "Vardgaranti": "N",
            "Sokdatum": pd.NaT,
        }
    )
    codes = pd.DataFrame({"KontaktID": contacts["KontaktID"], "Kodtyp": "KVA", "Kod": HEALTH_TALK_CODE, "Ordning": 1})
    return contacts, codes


def staffing(rng_seed: int, traits: list[CentreTraits], centre_ids: list[str]) -> pd.DataFrame:
    """The payroll: stable per centre (same seed every month), so staff ids match contacts."""
    rng = np.random.default_rng(rng_seed)
    rows = []
    for c, tr in enumerate(traits):
        for slot in range(tr.n_doctors):
            trainee = rng.random() < 0.2
            rows.append(
                (
                    centre_ids[c],
                    staff_id(c, "L", slot),
                    "Läkare",
                    ""
                    if trainee
                    else ("Allmänmedicin" if rng.random() < tr.gp_specialist_p else rng.choice(["Annan", ""])),
                    rng.choice(["AT", "BT", "ST"]) if trainee else "",
                    round(float(rng.choice([1.0, 1.0, 0.8, 0.5])), 2),
                    "J" if rng.random() < tr.hired_doctor_p else "N",
                )
            )
        for slot in range(tr.n_nurses):
            district = rng.random() < tr.district_nurse_p
            rows.append(
                (
                    centre_ids[c],
                    staff_id(c, "S", slot),
                    "Distriktssköterska" if district else "Sjuksköterska",
                    "Distriktssköterska" if district else "",
                    "",
                    round(float(rng.choice([1.0, 0.9, 0.75])), 2),
                    "N",
                )
            )
        for slot in range(tr.n_others):
            rows.append(
                (
                    centre_ids[c],
                    staff_id(c, "O", slot),
                    rng.choice(["Undersköterska", "Fysioterapeut", "Psykolog", "Kurator"]),
                    "",
                    "",
                    round(float(rng.choice([1.0, 0.8, 0.5])), 2),
                    "N",
                )
            )
    return pd.DataFrame(
        rows,
        columns=["VardenhetHSAid", "PersonalID", "Yrkeskategori", "Specialist", "Tjanst", "Sysselsattning", "Inhyrd"],
    )
