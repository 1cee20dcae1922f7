"""Swedish personnummer and samordningsnummer: parsing and validation.

exports.md accepts the 12-digit form `YYYYMMDDNNNN`, optionally with `-` or `+` before the last
four digits. A samordningsnummer has 60 added to the day. The check digit is the Luhn digit over
the nine digits `YYMMDDNNN`; the date must exist and the serial (`NNN`) must not be `000`.
Anything else (10-digit forms, reserve numbers, spaces) is not a valid identifier: such rows are
still loaded, flagged, and left out of person-based indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"
INVALID = "invalid"

_SHAPE = re.compile(r"^(\d{8})([-+]?)(\d{4})$")
_SAMORDNING_DAY_OFFSET = 60


@dataclass(frozen=True)
class ParsedId:
    """The verdict on one identifier as delivered."""

    kind: str  # PERSONNUMMER, SAMORDNINGSNUMMER or INVALID
    digits: str | None  # the 12 digits without separator, when the shape is right
    birth_date: date | None
    sex: str | None  # 'K' or 'M', from the second-to-last digit
    reason: str | None  # why it is invalid, None when valid

    @property
    def is_valid(self) -> bool:
        return self.kind != INVALID


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn digit that completes `nine_digits` (weights 2,1,2,1,... from the left)."""
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _invalid(reason: str, digits: str | None = None) -> ParsedId:
    return ParsedId(INVALID, digits, None, None, reason)


@lru_cache(maxsize=1_000_000)
def parse(raw: str) -> ParsedId:
    """Parse one identifier exactly as delivered (surrounding white space is ignored)."""
    text = (raw or "").strip()
    match = _SHAPE.match(text)
    if not match:
        return _invalid("not 12 digits YYYYMMDDNNNN (optionally with - or + before the last four)")
    digits = match.group(1) + match.group(3)
    year, month, day = int(digits[0:4]), int(digits[4:6]), int(digits[6:8])
    kind = PERSONNUMMER
    if day > _SAMORDNING_DAY_OFFSET:
        kind = SAMORDNINGSNUMMER
        day -= _SAMORDNING_DAY_OFFSET
    try:
        birth = date(year, month, day)
    except ValueError:
        return _invalid("the birth date does not exist", digits)
    if digits[8:11] == "000":
        return _invalid("serial number 000", digits)
    if luhn_check_digit(digits[2:11]) != int(digits[11]):
        return _invalid("wrong check digit", digits)
    sex = "M" if int(digits[10]) % 2 == 1 else "K"
    return ParsedId(kind, digits, birth, sex, None)


# A personnummer-shaped run of digits anywhere in a line (10 or 12 digits, optional separator).
PERSONNUMMER_LIKE = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")


def mask_personnummer_like(text: str) -> str:
    """Replace anything in `text` that could be a personnummer with a mask of the same role."""
    return PERSONNUMMER_LIKE.sub("<personnummer>", text)
