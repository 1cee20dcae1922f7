"""Swedish presentation: month names, number formats, labels of the sections."""

from __future__ import annotations

MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


def month_name(period: str) -> str:
    """`2025-03` -> `mars 2025`."""
    year, month = period.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def number(value: float, decimals: int = 0) -> str:
    """Swedish text format: space as thousands separator, decimal comma."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",")


def share(value: float, decimals: int = 1) -> str:
    return number(100 * value, decimals) + " %"


SHORT_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def short_month(period: str) -> str:
    """`2025-03` -> `mar 25` (chart axes)."""
    year, month = period.split("-")
    return f"{SHORT_MONTHS[int(month) - 1]} {year[2:]}"


# marts.access_spc.variation in Swedish (NHS England's Making Data Count: special or common cause).
VARIATION = {
    "improvement": "▲ särskild orsak: förbättring",
    "concern": "▼ särskild orsak: försämring",
    "common": "slumpmässig variation",
}

# marts.indicator_report.target_comparison as the baspaket states it (nothing for `meets`).
TARGET_VERDICT = {"misses": "✗ når ej målet", "uncertain": "osäkert: målet inom 95 %-intervallet"}

# A comparison with the region (marts.indicator_report.region_comparison,
# marts.standardised_rates.region_comparison), in words: better or worse where the catalogue
# gives the figure a direction (`better`), else higher or lower.
HIGHER_OR_LOWER = {"higher": "högre än regionen", "similar": "som regionen", "lower": "lägre än regionen"}
BETTER_OR_WORSE = {"better": "bättre än regionen", "worse": "sämre än regionen"}

# marts.indicator_report.target_comparison in the region overview's tidy table.
TARGET_COMPARISON = {"meets": "når målet", "uncertain": "osäkert: målet inom intervallet", "misses": "når ej målet"}


def judged(better, direction) -> str | None:
    """`better` or `worse` for a figure whose better direction is `better` (higher, lower)
    found `direction` (higher, lower) of the region; None when it has no direction or is similar."""
    if better not in ("higher", "lower") or direction not in ("higher", "lower"):
        return None
    return "better" if better == direction else "worse"


def compared_with_region(better, comparison) -> str:
    """`sämre än regionen`, `som regionen`, `högre än regionen`, …; empty without a comparison."""
    verdict = judged(better, comparison)
    return BETTER_OR_WORSE[verdict] if verdict else HIGHER_OR_LOWER.get(comparison or "", "")
