"""The registry of data-quality checks: what is checked, on which frame, how strictly.

Two suites, after the OHDSI Data Quality Dashboard's pattern (a few check types crossed with a
registry of fields, each with a category, a severity and a threshold):

- `structure_<file>`: is the delivered month fit to build figures from? Row count, key
  uniqueness, required values, and the share of rows the reader rejected. Severity ERROR: a
  failure stops the downstream assets (dbt, reports).
- `registration_quality`: the registration errors of indicators.md, per contact or code row.
  Severity WARN: the figures are built, the errors reported back to the centre.

Each registration check is counted per centre by dbt (marts.registration_check_counts: the rows
it applies to and the rows that break it); GE checks each centre's share against the tolerance.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.ingest.schemas import EXPORTS, ExportSpec

ERROR, WARN = "ERROR", "WARN"

# The share of a file's rows the reader may reject before the month is held back.
MAX_REJECT_SHARE = 0.05


@dataclass(frozen=True)
class RegistrationCheck:
    name: str  # matches the reg_* indicator it mirrors
    frame: str  # 'contacts' or 'codes': the rows it is checked on
    description: str
    tolerated_share: float  # the most a centre's share may be before the suite warns


REGISTRATION_CHECKS: tuple[RegistrationCheck, ...] = (
    RegistrationCheck("reg_doctor_contacts_without_diagnosis", "contacts",
                      "doctor contacts without a well-formed diagnosis code", 0.05),
    RegistrationCheck("reg_contacts_without_diagnosis", "contacts",
                      "contacts by licensed staff without a well-formed diagnosis code", 0.30),
    RegistrationCheck("reg_invalid_codes", "codes",
                      "codes that do not have the shape of their Kodtyp", 0.01),
    RegistrationCheck("reg_unknown_kva_codes", "codes",
                      "well-formed KVÅ codes missing from seeds/kva_codes.csv", 0.02),
    RegistrationCheck("reg_guarantee_without_seek_date", "contacts",
                      "care-guarantee contacts without Sokdatum", 0.02),
    RegistrationCheck("reg_contacts_without_staff_id", "contacts",
                      "primary-care contacts without PersonalID", 0.02),
    RegistrationCheck("reg_invalid_personnummer", "contacts",
                      "contacts whose personnummer is not a valid personnummer or samordningsnummer", 0.005),
)


def structure_suite_name(spec: ExportSpec) -> str:
    return f"structure_{spec.table}"


STRUCTURE_SUITES = tuple(structure_suite_name(s) for s in EXPORTS)
