"""The synthetic region's people: who they are, where they are listed, what they live with.

A `Population` is a set of numpy arrays, one entry per person who ever lived in the region
during the simulation. `advance_month` lets people be born, die, move and switch centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from baspaket.contract.personnummer import luhn_check_digit

# Conditions a person can carry, with their ICD-10-SE codes as a record system writes them.
CONDITIONS = {
    "diabetes_t2": ("E11.9", "E11.6", "E11.5"),
    "diabetes_t1": ("E10.9",),
    "hypertension": ("I10.9", "I11.9"),
    "copd": ("J44.9", "J44.1"),
    "asthma": ("J45.9",),
    "heart_failure": ("I50.9",),
    "atrial_fibrillation": ("I48.9",),
    "dementia": ("F03.9", "G30.9"),
}


def _prevalence_by_age(age: np.ndarray) -> dict[str, np.ndarray]:
    """Probability of each chronic condition at a given age (rough Swedish shapes)."""
    a = age.astype(float)
    sig = lambda mid, width: 1.0 / (1.0 + np.exp(-(a - mid) / width))  # noqa: E731
    return {
        "diabetes_t2": 0.22 * sig(60, 9),
        "diabetes_t1": np.where(a >= 5, 0.006, 0.001),
        "hypertension": 0.55 * sig(66, 10),
        "copd": 0.10 * sig(70, 7) * (a >= 40),
        "asthma": np.full_like(a, 0.07),
        "heart_failure": 0.09 * sig(82, 6),
        "atrial_fibrillation": 0.14 * sig(78, 7),
        "dementia": 0.16 * sig(86, 4),
    }


def make_personnummer(birth: date, serial: int, male: bool, samordning: bool) -> str:
    """A valid 12-digit identifier; `serial` 1..99 makes the three-digit birth number."""
    day = birth.day + (60 if samordning else 0)
    nnn = f"{serial % 100:02d}{(serial // 100 * 2 + (1 if male else 0)) % 10}"
    if nnn[:2] == "00":
        nnn = "01" + nnn[2]
    yymmddnnn = f"{birth.year % 100:02d}{birth.month:02d}{day:02d}{nnn}"
    return f"{birth.year:04d}{birth.month:02d}{day:02d}{nnn}{luhn_check_digit(yymmddnnn)}"


_EPOCH = np.datetime64("1800-01-01", "D")


def personnummer_array(birth: np.ndarray, serial: np.ndarray, samordning: np.ndarray) -> np.ndarray:
    """`make_personnummer` for arrays: valid 12-digit identifiers, birth number `serial`."""
    birth = birth.astype("datetime64[D]")
    year = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month = birth.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (birth - birth.astype("datetime64[M]")).astype(np.int64) + 1 + 60 * samordning.astype(np.int64)
    serial = serial.astype(np.int64)
    digits = np.stack(
        [
            year % 100 // 10,
            year % 10,
            month // 10,
            month % 10,
            day // 10,
            day % 10,
            serial // 100,
            serial // 10 % 10,
            serial % 10,
        ],
        axis=1,
    )
    products = digits * np.array([2, 1, 2, 1, 2, 1, 2, 1, 2])
    check = (10 - (products // 10 + products % 10).sum(axis=1) % 10) % 10
    number = ((year * 100 + month) * 100 + day) * 10_000 + serial * 10 + check
    return np.char.zfill(number.astype(str), 12).astype(object)


@dataclass
class Population:
    pnr: np.ndarray  # object: 12 digits
    birth: np.ndarray  # datetime64[D]
    male: np.ndarray  # bool
    centre: np.ndarray  # int index into the centres, -1 when not listed
    deso: np.ndarray  # object: DeSO code, '' when unknown
    active_choice: np.ndarray  # bool
    listed_since: np.ndarray  # datetime64[D]
    alive: np.ndarray  # bool
    conditions: dict[str, np.ndarray]  # bool per condition
    doctor_slot: np.ndarray  # int: the person's regular doctor among the centre's doctors
    nurse_slot: np.ndarray

    def __len__(self) -> int:
        return len(self.pnr)

    def ages(self, on: np.datetime64) -> np.ndarray:
        years = (on.astype("datetime64[Y]") - self.birth.astype("datetime64[Y]")).astype(int)
        had_birthday = (on - on.astype("datetime64[Y]")) >= (self.birth - self.birth.astype("datetime64[Y]"))
        return years - (~had_birthday).astype(int)


class PopulationBuilder:
    """Creates and moves people; all randomness from one generator, so runs are repeatable."""

    def __init__(
        self,
        rng: np.random.Generator,
        centre_weights: np.ndarray,
        homes: list[list[str]],
        municipality_desos: list[list[str]],
    ):
        self.rng = rng
        self.centre_weights = centre_weights / centre_weights.sum()
        self._home_pools = [np.array(p, dtype=object) for p in homes]
        self._municipality_pools = [np.array(p, dtype=object) for p in municipality_desos]
        # Birth numbers in a random order: odd third digit for men, even for women, never 000.
        self._male_serials = rng.permutation(np.arange(1, 1000, 2))
        self._female_serials = rng.permutation(np.arange(2, 1000, 2))
        self._serials_taken: dict[int, int] = {}

    def _unique_pnrs(self, births: np.ndarray, male: np.ndarray, samordning: np.ndarray) -> np.ndarray:
        """A personnummer for each person, never one given before: within each birth date, sex
        and kind, persons take the next free birth number (000 never). Vectorised, so a region
        of millions takes seconds; a date whose birth numbers run out moves the person a day
        earlier (it never happens at the size of a country)."""
        births = births.astype("datetime64[D]").copy()
        out = np.empty(len(births), dtype=object)
        pending = np.arange(len(births))
        while len(pending):
            key = (births[pending] - _EPOCH).astype(np.int64) * 4 + samordning[pending] * 2 + male[pending]
            keys, group, counts = np.unique(key, return_inverse=True, return_counts=True)
            # Each person's place among the batch's persons of the same key, after those before.
            order = np.argsort(group, kind="stable")
            rank = np.empty(len(key), dtype=np.int64)
            rank[order] = np.arange(len(key)) - np.repeat(np.cumsum(counts) - counts, counts)
            taken = np.array([self._serials_taken.get(k, 0) for k in keys.tolist()], dtype=np.int64)
            self._serials_taken.update(zip(keys.tolist(), (taken + counts).tolist()))
            index = rank + taken[group]
            is_male = male[pending]
            fits = index < np.where(is_male, len(self._male_serials), len(self._female_serials))
            who, index, is_male = pending[fits], index[fits], is_male[fits]
            serial = np.empty(len(who), dtype=np.int64)
            serial[is_male] = self._male_serials[index[is_male]]
            serial[~is_male] = self._female_serials[index[~is_male]]
            out[who] = personnummer_array(births[who], serial, samordning[who])
            pending = pending[~fits]
            births[pending] -= np.timedelta64(1, "D")
        return out

    def _draw_deso(self, centre: np.ndarray, local: np.ndarray) -> np.ndarray:
        """A DeSO for each person: mostly one of the centre's home areas, else any of its
        municipality's. One draw per centre, not per person."""
        deso = np.empty(len(centre), dtype=object)
        for c in np.unique(centre):
            at_centre = centre == c
            for near, pools in ((True, self._home_pools), (False, self._municipality_pools)):
                who = np.flatnonzero(at_centre & (local == near))
                pool = pools[c]
                deso[who] = pool[self.rng.integers(len(pool), size=len(who))]
        return deso

    def _place(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        centre = self.rng.choice(len(self.centre_weights), size=n, p=self.centre_weights)
        local = self.rng.random(n) < 0.88
        return centre, self._draw_deso(centre, local)

    def create(self, n: int, on: np.datetime64, newborn: bool = False) -> Population:
        rng = self.rng
        if newborn:
            age_days = rng.integers(0, 28, n)
        else:
            # Roughly Sweden's age pyramid: flat to 70, thinning to 100; the few drawn past 105
            # are spread over 100–105 rather than piled on one birth date.
            years = np.where(rng.random(n) < 0.86, rng.uniform(0, 70, n), 70 + rng.exponential(9, n))
            years = np.where(years < 105, years, rng.uniform(100, 105, n))
            age_days = (years * 365.25).astype(int)
        birth = on - age_days.astype("timedelta64[D]")
        male = rng.random(n) < 0.5
        samordning = rng.random(n) < 0.012
        centre, deso = self._place(n)
        missing_deso = rng.random(n) < 0.004
        deso[missing_deso] = ""
        ages = (age_days / 365.25).astype(int)
        prevalence = _prevalence_by_age(ages)
        conditions = {k: rng.random(n) < p for k, p in prevalence.items()}
        conditions["diabetes_t1"] &= ~conditions["diabetes_t2"]
        since_days = np.minimum(age_days, rng.integers(0, 3650, n))
        return Population(
            pnr=self._unique_pnrs(birth, male, samordning),
            birth=birth,
            male=male,
            centre=centre,
            deso=deso,
            active_choice=(rng.random(n) < 0.86) & (age_days > 365),
            listed_since=on - since_days.astype("timedelta64[D]"),
            alive=np.ones(n, dtype=bool),
            conditions=conditions,
            doctor_slot=rng.integers(0, 1_000_000, n),
            nurse_slot=rng.integers(0, 1_000_000, n),
        )

    def advance_month(self, pop: Population, month_start: np.datetime64, month_end: np.datetime64) -> Population:
        """Deaths, births, moves and switches during one month."""
        rng = self.rng
        ages = pop.ages(month_start)
        # Annual mortality doubling every 8 years from 0.05 % at 30; newborns slightly higher.
        annual = np.clip(0.0005 * 2 ** ((ages - 30) / 8.0), 0.0002, 0.35)
        dies = pop.alive & (rng.random(len(pop)) < annual / 12)
        pop.alive &= ~dies

        days = int((month_end - month_start).astype(int)) + 1
        n_alive = int(pop.alive.sum())
        # Movers out of the region and back in balance births and deaths, roughly.
        moves_out = pop.alive & (rng.random(len(pop)) < 0.0015)
        pop.alive &= ~moves_out
        switchers = pop.alive & (rng.random(len(pop)) < 0.007)
        if switchers.any():
            new_centre, new_deso = self._place(int(switchers.sum()))
            pop.centre[switchers] = new_centre
            pop.deso[switchers] = new_deso
            pop.active_choice[switchers] = True
            pop.listed_since[switchers] = month_start + rng.integers(0, days, int(switchers.sum())).astype(
                "timedelta64[D]"
            )
            pop.doctor_slot[switchers] = rng.integers(0, 1_000_000, int(switchers.sum()))
        movers = np.flatnonzero(pop.alive & ~switchers & (rng.random(len(pop)) < 0.008))
        pop.deso[movers] = self._draw_deso(pop.centre[movers], np.ones(len(movers), dtype=bool))

        births = rng.poisson(n_alive * 0.0105 / 12)
        arrivals = rng.poisson(n_alive * 0.0015)
        newborns = self.create(births, month_end, newborn=True)
        newborns.listed_since = newborns.birth.copy()
        newborns.active_choice[:] = False
        movers_in = self.create(arrivals, month_end)
        movers_in.listed_since = month_start + rng.integers(0, days, arrivals).astype("timedelta64[D]")
        return concat(pop, newborns, movers_in)


def concat(*pops: Population) -> Population:
    first = pops[0]
    return Population(
        **{
            name: np.concatenate([getattr(p, name) for p in pops])
            for name in (
                "pnr",
                "birth",
                "male",
                "centre",
                "deso",
                "active_choice",
                "listed_since",
                "alive",
                "doctor_slot",
                "nurse_slot",
            )
        },
        conditions={k: np.concatenate([p.conditions[k] for p in pops]) for k in first.conditions},
    )
