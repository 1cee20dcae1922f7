"""The synthetic region that ships as the default seeds: 28 health centres and 78 DeSO areas
in the eight municipalities of a Jämtland-sized county.

Everything here is invented (names of places are real, the numbers are not SCB's). A region
replaces `seeds/centres.csv` and `seeds/deso_cni.csv` with its own; `baspaket synth` reads
whatever the seeds hold. `python -m baspaket.synthetic.region seeds/` rewrites the two files.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import numpy as np

# municipality code, name, (centre names), number of DeSO areas
MUNICIPALITIES = (
    (
        "2380",
        "Östersund",
        (
            "Odenslund",
            "Lugnvik",
            "Torvalla",
            "Brittsbo",
            "Zätagränd",
            "Frösön",
            "Z-hälsan",
            "Hälsocentralen City",
            "Lit",
            "Brunflo",
            "Tandsbyn",
            "Östersund Väst",
        ),
        40,
    ),
    ("2309", "Krokom", ("Krokom", "Föllinge", "Ås"), 8),
    ("2321", "Åre", ("Järpen", "Åre", "Duved"), 7),
    ("2313", "Strömsund", ("Strömsund", "Hammerdal", "Gäddede"), 6),
    ("2361", "Härjedalen", ("Sveg", "Funäsdalen", "Hede"), 6),
    ("2326", "Berg", ("Svenstavik", "Myrviken"), 4),
    ("2305", "Bräcke", ("Bräcke",), 4),
    ("2303", "Ragunda", ("Hammarstrand",), 3),
)

CNI_PROPERTIES = ("under_5", "born_abroad", "aged_65_alone", "single_parent", "moved_in", "unemployed", "low_education")
# Typical shares of a Swedish area's population; deprivation scales them up or down.
_BASE_SHARES = (0.050, 0.120, 0.075, 0.030, 0.080, 0.055, 0.090)
_PRIVATE_CENTRES = {"Z-hälsan", "Zätagränd", "Hälsocentralen City", "Duved"}


def build(seed: int = 2380) -> tuple[list[dict], list[dict], dict[str, list[str]]]:
    """centres, DeSO rows, and each centre's home DeSO areas (where its listed mostly live)."""
    rng = np.random.default_rng(seed)
    centres: list[dict] = []
    desos: list[dict] = []
    homes: dict[str, list[str]] = {}
    n_centres = sum(len(m[2]) for m in MUNICIPALITIES)
    # Each centre gets a deprivation level so that CNI spreads from about 0.7 to 1.25.
    levels = rng.permutation(np.linspace(-0.85, 0.95, n_centres))
    k = 0
    for code, _, names, n_deso in MUNICIPALITIES:
        mun_centres = []
        for name in names:
            hsa_id = f"SE2321000214-E{k + 1:02d}"
            centres.append(
                {
                    "hsa_id": hsa_id,
                    "name": name if name.startswith("Hälsocentralen") else f"Hälsocentralen {name}",
                    "provider": "Privat" if name in _PRIVATE_CENTRES else "Region",
                    "municipality_code": code,
                }
            )
            mun_centres.append((hsa_id, levels[k]))
            homes[hsa_id] = []
            k += 1
        for j in range(n_deso):
            kind = "C" if (code == "2380" and j < 30) else ("B" if j % 2 else "A")
            deso = f"{code}{kind}{1010 + 10 * j}"
            hsa_id, level = mun_centres[j % len(mun_centres)]
            homes[hsa_id].append(deso)
            d = level + rng.normal(0, 0.25)
            factors = np.exp(0.32 * d + rng.normal(0, 0.12, len(_BASE_SHARES)))
            shares = np.clip(np.array(_BASE_SHARES) * factors, 0.002, 0.6)
            desos.append({"deso": deso, **{p: round(float(s), 4) for p, s in zip(CNI_PROPERTIES, shares)}})
    return centres, desos, homes


def write(seeds_dir: Path) -> None:
    centres, desos, _ = build()
    _write_csv(seeds_dir / "centres.csv", centres)
    _write_csv(seeds_dir / "deso_cni.csv", desos)


def write_scaled(seeds_dir: Path, out_dir: Path, n_centres: int) -> Path:
    """A copy of the seeds in `out_dir` whose region has `n_centres` health centres: the seed's
    centres dealt out again (same municipalities, new HSA-ids and names) until there are enough.
    For benchmarks at the size of a larger region; the DeSO areas stay as they are."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for seed in seeds_dir.glob("*.csv"):
        if seed.name != "centres.csv":  # written below, scaled
            _write_if_changed(out_dir / seed.name, seed.read_bytes())
    with (seeds_dir / "centres.csv").open(encoding="utf-8") as f:
        template = list(csv.DictReader(f))
    centres = []
    for k in range(n_centres):
        base = template[k % len(template)]
        copy = k // len(template)
        centres.append(
            {**base, "hsa_id": f"SE2321000214-E{k + 1:04d}", "name": base["name"] + (f" {copy + 1}" if copy else "")}
        )
    _write_if_changed(out_dir / "centres.csv", _csv_text(centres).encode("utf-8"))
    return out_dir


def _write_if_changed(path: Path, data: bytes) -> None:
    """Leave a file that already holds `data` as it is: a newer seed makes the next load parse
    the dbt project again (orchestration/definitions.py: ensure_manifest), 7 s that a benchmark
    run with --reuse measured as part of its month."""
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _csv_text(rows: list[dict]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _write_csv(path: Path, rows: list[dict]) -> None:
    path.write_text(_csv_text(rows), encoding="utf-8", newline="")


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "seeds"))
