"""Incomplete deliveries on request (`baspaket synth --incomplete CENTRE:FILE:SHARE`), so the
demo and the tests can show what the delivery checks flag: a share of one centre's rows of one
file left out of the newest month, as when a record system's export fails part-way.

Leaving out contacts also leaves out their codes (the same record system exports both);
leaving out codes leaves the contacts. CENTRE is an HSA id of seeds/centres.csv, or `*` for
every centre (a file that lost a share of all its rows).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CONTACTS = "vardkontakter.csv"
CODES = "diagnoser_atgarder.csv"


@dataclass(frozen=True)
class Incomplete:
    centre: str  # an HSA id, or "*" for every centre
    file: str
    share: float  # the share of the centre's rows left out, 0-1

    @classmethod
    def parse(cls, text: str, files: list[str]) -> "Incomplete":
        """`CENTRE:FILE:SHARE`, for example `SE2321000214-E05:vardkontakter.csv:0.5`."""
        parts = text.rsplit(":", 2)
        if len(parts) != 3:
            raise ValueError(f"{text!r} is not CENTRE:FILE:SHARE (for example SE2321000214-E05:vardkontakter.csv:0.5)")
        centre, file, share_text = parts
        if file not in files:
            raise ValueError(f"{file!r} is not one of the export files: {', '.join(files)}")
        try:
            share = float(share_text.replace(",", "."))
        except ValueError:
            share = -1.0
        if not 0 < share <= 1:
            raise ValueError(f"the share in {text!r} must be a number above 0 and at most 1")
        return cls(centre, file, share)


def leave_out(
    exports: dict[str, pd.DataFrame], cuts: list[Incomplete], rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """The month's exports with each cut's share of the centre's rows of its file left out."""
    exports = dict(exports)
    for cut in cuts:
        if cut.file == CODES:
            owners = exports[CONTACTS].set_index("KontaktID")["VardenhetHSAid"]
            units = exports[CODES]["KontaktID"].map(owners)
        else:
            units = exports[cut.file]["VardenhetHSAid"]
        at_centre = units.notna() if cut.centre == "*" else units.eq(cut.centre)
        dropped = at_centre.to_numpy() & (rng.random(len(units)) < cut.share)
        kept = exports[cut.file][~dropped]
        if cut.file == CONTACTS:
            gone = exports[CONTACTS]["KontaktID"][dropped]
            exports[CODES] = exports[CODES][~exports[CODES]["KontaktID"].isin(gone)]
        exports[cut.file] = kept.reset_index(drop=True)
    return exports
