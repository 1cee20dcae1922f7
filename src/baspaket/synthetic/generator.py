"""`baspaket synth`: a synthetic region's monthly exports, as exports.md describes them.

Deterministic for a given seed and size. The region's centres and DeSO areas come from the
seeds (`seeds/centres.csv`, `seeds/deso_cni.csv`), so the exports always match the reference
data the warehouse is built with. Registration errors are injected at the known rates of
`ErrorRates`, so tests can check that the warehouse finds them at those rates.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from baspaket.contract.months import months_between
from baspaket.ingest.reference import read_seed_records
from baspaket.settings import SEEDS_DIR
from baspaket.synthetic import activity, records
from baspaket.synthetic.incomplete import Incomplete, leave_out
from baspaket.synthetic.messiness import ErrorRates, Formatter
from baspaket.synthetic.population import PopulationBuilder

# The county the proportions are calibrated on (issue 2): 133 600 listed in 28 centres.
REFERENCE_COUNTY_PERSONS = 133_600
REFERENCE_COUNTY_CENTRES = 28


@dataclass
class SynthConfig:
    first_month: str = "2025-01"
    last_month: str = "2025-06"
    persons: int = 20_000
    centres: int | None = None  # the first N centres of the seed; None: all
    seed: int = 1
    errors: ErrorRates = field(default_factory=ErrorRates)
    seeds_dir: Path = SEEDS_DIR
    # Rows left out of the newest month (`--incomplete`), so the delivery checks have a flag.
    incomplete: list[Incomplete] = field(default_factory=list)


def _region_layout(cfg: SynthConfig, rng: np.random.Generator):
    centres = read_seed_records(cfg.seeds_dir / "centres.csv")
    if cfg.centres:
        centres = centres[: cfg.centres]
    desos = [r["deso"] for r in read_seed_records(cfg.seeds_dir / "deso_cni.csv")]
    by_municipality: dict[str, list[str]] = {}
    for d in desos:
        by_municipality.setdefault(d[:4], []).append(d)
    homes, municipality_pool = [], []
    for c in centres:
        pool = by_municipality.get(c["municipality_code"]) or desos
        neighbours = [x["hsa_id"] for x in centres if x["municipality_code"] == c["municipality_code"]]
        # Each centre draws its listed mostly from a few areas near it: the municipality's
        # DeSO areas are dealt out among its centres like cards.
        rank = neighbours.index(c["hsa_id"])
        homes.append([d for j, d in enumerate(pool) if j % len(neighbours) == rank] or pool)
        municipality_pool.append(pool)
    weights = rng.uniform(0.5, 1.5, len(centres))
    return [c["hsa_id"] for c in centres], weights, homes, municipality_pool


def generate(out_dir: Path, cfg: SynthConfig, progress: Callable[[str], None] | None = None) -> list[str]:
    """Write `<out_dir>/<YYYY-MM>/*.csv` for every month of the config; returns the months."""
    rng = np.random.default_rng(cfg.seed)
    centre_ids, weights, homes, municipality_pool = _region_layout(cfg, rng)
    unknown = [c.centre for c in cfg.incomplete if c.centre != "*" and c.centre not in centre_ids]
    if unknown:
        raise ValueError(f"--incomplete names centres that are not in the region: {', '.join(unknown)}")
    builder = PopulationBuilder(rng, weights, homes, municipality_pool)
    months = months_between(cfg.first_month, cfg.last_month)
    start = np.datetime64(months[0] + "-01")
    pop = builder.create(cfg.persons, start - np.timedelta64(1, "D"))
    listed0 = np.bincount(pop.centre, minlength=len(centre_ids))
    # A smaller region is a sample of the reference county: centres keep their real staffing.
    scale = REFERENCE_COUNTY_PERSONS * len(centre_ids) / REFERENCE_COUNTY_CENTRES / cfg.persons
    traits = activity.make_traits(rng, listed0, scale=max(1.0, scale))
    formatter = Formatter(rng, cfg.errors)
    pending_follow_ups = pd.DataFrame(columns=["person", "centre", "due"])
    invited_last_month = pd.DataFrame(columns=["person"])

    for k, month in enumerate(months):
        if progress:
            progress(month)
        month_start = np.datetime64(month + "-01")
        year, mon = map(int, month.split("-"))
        days = calendar.monthrange(year, mon)[1]
        month_end = month_start + np.timedelta64(days - 1, "D")
        if k > 0:
            pop = builder.advance_month(pop, month_start, month_end)
        listed = np.flatnonzero(pop.alive & (pop.centre >= 0))
        ages = pop.ages(month_end)[listed]
        prefix = f"K{year % 100:02d}{mon:02d}"

        contacts = activity.contacts(rng, pop, listed, ages, traits, centre_ids, month_start, days, prefix + "A")
        code_rows = [activity.codes(rng, contacts, pop)]
        extra_contacts = []
        episode = records.mental_health_episodes(
            rng, pop, listed, ages, traits, centre_ids, month_start, days, prefix + "D"
        )
        if episode is not None:
            ep_contacts, ep_codes, follow_ups = episode
            extra_contacts.append(ep_contacts)
            code_rows.append(ep_codes)
            pending_follow_ups = pd.concat([pending_follow_ups, follow_ups], ignore_index=True)
        due_now = pending_follow_ups["due"].astype("datetime64[ns]") <= month_end.astype(
            "datetime64[ns]"
        ) + np.timedelta64(1, "D")
        if due_now.any():
            fu = records.follow_up_contacts(pending_follow_ups[due_now], centre_ids, rng)
            fu = fu[pop.alive[fu["person"].to_numpy()]]
            fu["KontaktID"] = [f"{prefix}F{i:06d}" for i in range(len(fu))]
            extra_contacts.append(fu)
            code_rows.append(
                pd.DataFrame({"KontaktID": fu["KontaktID"], "Kodtyp": "DIA", "Kod": "Z09.8", "Ordning": 1})
            )
            pending_follow_ups = pending_follow_ups[~due_now]
        if len(invited_last_month):
            talk_contacts, talk_codes = records.health_talks(
                rng, pop, invited_last_month, traits, centre_ids, month_start, days, prefix + "H"
            )
            extra_contacts.append(talk_contacts)
            code_rows.append(talk_codes)
        all_contacts = pd.concat([contacts, *extra_contacts], ignore_index=True)
        all_codes = pd.concat(code_rows, ignore_index=True)

        invitations = records.health_talk_invitations(rng, pop, listed, traits, centre_ids, month_start, days, mon)
        invited_last_month = invitations[["person"]]
        exports = {
            "listning.csv": _listing(pop, listed, centre_ids),
            "vardkontakter.csv": all_contacts,
            "diagnoser_atgarder.csv": all_codes,
            "telefoni.csv": records.calls(
                rng,
                np.bincount(pop.centre[listed], minlength=len(centre_ids)),
                traits,
                centre_ids,
                month_start,
                days,
                f"T{year % 100:02d}{mon:02d}",
            ),
            "matvarden.csv": records.measurements(
                rng, pop, listed, ages, centre_ids, month_start, days, records.kidney_drug_users(pop)
            ),
            "lakemedel.csv": records.prescriptions(rng, pop, listed, ages, centre_ids, month_start, days),
            "halsosamtal.csv": invitations,
            "bemanning.csv": records.staffing(cfg.seed * 1000 + 7, traits, centre_ids),
        }
        if cfg.incomplete and month == months[-1]:
            exports = leave_out(exports, cfg.incomplete, np.random.default_rng(cfg.seed + 99))
        formatter.write_month(out_dir / month, k, exports, pop)
    return months


def _listing(pop, listed: np.ndarray, centre_ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "person": listed,
            "Kon": np.where(pop.male[listed], "M", "K"),
            "VardenhetHSAid": np.array(centre_ids, dtype=object)[pop.centre[listed]],
            "Listningsdatum": pop.listed_since[listed],
            "AktivtVal": np.where(pop.active_choice[listed], "J", "N"),
            "DeSO": pop.deso[listed],
            "Kommunkod": [d[:4] if d else "" for d in pop.deso[listed]],
        }
    )
