"""Making clean synthetic rows look like real exports: formats, encodings and known errors.

Error rates are applied as exact counts (round(rate * eligible rows), drawn without
replacement), so the share the warehouse finds can be compared with the share injected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from baspaket.contract.schemas import EXPORTS_BY_FILE
from baspaket.synthetic.population import Population

# Files the region's older systems still write in Windows-1252.
CP1252_FILES = {"telefoni.csv", "bemanning.csv"}
BOM_FILES = {"listning.csv"}


@dataclass(frozen=True)
class ErrorRates:
    """Known rates of registration errors and format variation in the exports."""

    doctor_contact_without_diagnosis: float = 0.04  # of the centres' doctor contacts
    unknown_kva_code: float = 0.02  # of KVÅ codes: well-formed but not in kva_codes.csv
    invalid_code_shape: float = 0.01  # of secondary diagnosis and KVÅ codes
    guarantee_without_seek_date: float = 0.03  # of care-guarantee contacts
    contact_without_staff_id: float = 0.02  # of primary-care contacts at the centres
    invalid_personnummer: float = 0.003  # of primary-care contacts at the centres (bad check digit)
    late_registration: float = 0.004  # of contacts: dated in the month before delivery
    code_without_dot: float = 0.3  # formatting only
    code_lower_case: float = 0.05
    personnummer_with_hyphen: float = 0.4
    absurd_measurement: float = 0.002  # of measurements: a value no patient has (rejected on load)


_BAD_SHAPES = ("11E.9", "E1", "EE11", "J4-4", "?", "X", "123")
_UNKNOWN_KVA = ("DV999", "ZZ123", "AB987", "QQ111")


def _exact(rng, mask: np.ndarray, rate: float) -> np.ndarray:
    """A boolean array choosing round(rate * mask.sum()) of the True positions."""
    eligible = np.flatnonzero(mask)
    chosen = np.zeros(len(mask), dtype=bool)
    k = int(round(rate * len(eligible)))
    if k:
        chosen[rng.choice(eligible, k, replace=False)] = True
    return chosen


def bad_check_digit(pnr: str) -> str:
    return pnr[:-1] + str((int(pnr[-1]) + 1 + int(pnr[5]) % 8) % 10)


class Formatter:
    def __init__(self, rng: np.random.Generator, rates: ErrorRates):
        self.rng = rng
        self.rates = rates

    def write_month(self, folder: Path, month_index: int, exports: dict[str, pd.DataFrame], pop: Population) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        contacts = exports["vardkontakter.csv"]
        self._contact_errors(contacts, month_index)
        exports["diagnoser_atgarder.csv"] = self._code_errors(exports["diagnoser_atgarder.csv"], contacts)
        measurements = exports["matvarden.csv"]
        absurd = _exact(self.rng, np.ones(len(measurements), dtype=bool), self.rates.absurd_measurement)
        measurements.loc[absurd, "Varde"] = self.rng.choice([0.0, 400.0, 9999.0], int(absurd.sum()))
        for name, frame in exports.items():
            frame = frame.copy()
            if "person" in frame.columns:
                frame.insert(0, "Personnummer", self._personnummer(frame, pop, name))
                frame = frame.drop(columns=["person"])
            frame = frame[list(EXPORTS_BY_FILE[name].column_names)]
            self._write(folder / name, _format(frame), name)

    def _contact_errors(self, c: pd.DataFrame, month_index: int) -> None:
        r, rng = self.rates, self.rng
        at_centre = (c["centre"] >= 0).to_numpy()
        no_staff = _exact(rng, at_centre, r.contact_without_staff_id)
        c.loc[no_staff, "PersonalID"] = None
        guarantee = (c["Vardgaranti"] == "J").to_numpy()
        c.loc[_exact(rng, guarantee, r.guarantee_without_seek_date), "Sokdatum"] = pd.NaT
        c["bad_pnr"] = _exact(rng, at_centre, r.invalid_personnummer)
        if month_index > 0:
            late = _exact(rng, np.ones(len(c), dtype=bool), r.late_registration)
            c.loc[late, "Kontaktdatum"] = c.loc[late, "Kontaktdatum"] - pd.Timedelta(days=31)
            c.loc[late & guarantee, "Sokdatum"] = c.loc[late & guarantee, "Sokdatum"] - pd.Timedelta(days=31)

    def _code_errors(self, codes: pd.DataFrame, contacts: pd.DataFrame) -> pd.DataFrame:
        r, rng = self.rates, self.rng
        doctor_at_centre = contacts.loc[
            (contacts["centre"] >= 0) & (contacts["Yrkeskategori"] == "Läkare"), "KontaktID"
        ]
        # Contacts whose diagnoses are left out: exactly the rate of the centres' doctor contacts.
        has_dia = set(codes.loc[codes["Kodtyp"] == "DIA", "KontaktID"])
        doctor_ids = doctor_at_centre.to_numpy()
        undiagnosed = set(
            doctor_ids[
                _exact(
                    rng,
                    np.array([k in has_dia for k in doctor_ids]),
                    r.doctor_contact_without_diagnosis
                    * len(doctor_ids)
                    / max(1, sum(k in has_dia for k in doctor_ids)),
                )
            ]
        )
        codes = codes[~((codes["Kodtyp"] == "DIA") & codes["KontaktID"].isin(undiagnosed))].copy()
        kva = (codes["Kodtyp"] == "KVA").to_numpy()
        unknown = _exact(rng, kva & (codes["Kod"] != "ZV040").to_numpy(), r.unknown_kva_code)
        codes.loc[unknown, "Kod"] = rng.choice(_UNKNOWN_KVA, int(unknown.sum()))
        corruptible = ((codes["Ordning"] >= 2) | kva).to_numpy() & ~unknown & (codes["Kod"] != "ZV040").to_numpy()
        bad = _exact(rng, corruptible, r.invalid_code_shape)
        codes.loc[bad, "Kod"] = rng.choice(_BAD_SHAPES, int(bad.sum()))
        dia = (codes["Kodtyp"] == "DIA").to_numpy() & ~bad
        no_dot = dia & (rng.random(len(codes)) < r.code_without_dot)
        codes.loc[no_dot, "Kod"] = codes.loc[no_dot, "Kod"].str.replace(".", "", regex=False)
        lower = dia & (rng.random(len(codes)) < r.code_lower_case)
        codes.loc[lower, "Kod"] = codes.loc[lower, "Kod"].str.lower()
        return codes

    def _personnummer(self, frame: pd.DataFrame, pop: Population, name: str) -> list[str]:
        pnrs = pop.pnr[frame["person"].to_numpy()]
        hyphen = self.rng.random(len(frame)) < self.rates.personnummer_with_hyphen
        bad = frame["bad_pnr"].to_numpy() if "bad_pnr" in frame.columns else np.zeros(len(frame), bool)
        out = []
        for p, h, b in zip(pnrs, hyphen, bad):
            if b:
                p = bad_check_digit(p)
            out.append(f"{p[:8]}-{p[8:]}" if h else p)
        return out

    def _write(self, path: Path, frame: pd.DataFrame, name: str) -> None:
        encoding = "cp1252" if name in CP1252_FILES else ("utf-8-sig" if name in BOM_FILES else "utf-8")
        frame.to_csv(path, sep=";", index=False, encoding=encoding, lineterminator="\n")


def _format(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as YYYY-MM-DD, date-times as YYYY-MM-DD HH:MM, decimals with a comma."""
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            has_time = col in ("Kontaktdatum", "Inkommande", "Aterringd")
            out[col] = s.dt.strftime("%Y-%m-%d %H:%M" if has_time else "%Y-%m-%d").fillna("")
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.map(lambda v: "" if pd.isna(v) else f"{v:g}".replace(".", ","))
        else:
            out[col] = s.astype(object).where(s.notna(), "")
    return out
