"""The input contract of exports.md, as data: one `ExportSpec` per delivered file.

The reader, the loader, the raw tables' DDL and the Great Expectations structure suite are all
driven by these specs, so a change to the contract is made here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROFESSIONS = (
    "Läkare",
    "Sjuksköterska",
    "Distriktssköterska",
    "Undersköterska",
    "Fysioterapeut",
    "Arbetsterapeut",
    "Psykolog",
    "Kurator",
    "Dietist",
    "Barnmorska",
    "Annan",
)
YES_NO = ("J", "N")
# The words for yes and no that Swedish spreadsheets and export tools write, in lower case: a
# reference file's boolean and an export's J/N column read them alike.
TRUE_WORDS = frozenset({"true", "sant", "ja", "j", "1", "yes"})
FALSE_WORDS = frozenset({"false", "falskt", "nej", "n", "0", "no"})
# What Swedish spreadsheets group a number's thousands with (`1 234,5`): a space, a no-break
# space, a narrow no-break space. An export's decimal and a reference file's number read them alike.
THOUSANDS_SEPARATORS = (" ", "\u00a0", "\u202f")

# Column kinds: how a delivered text becomes a typed value.
TEXT, ENUM, DATE, DATETIME, DECIMAL, INTEGER, PERSONNUMMER = (
    "text",
    "enum",
    "date",
    "datetime",
    "decimal",
    "integer",
    "personnummer",
)

_DUCKDB_TYPE = {
    TEXT: "VARCHAR",
    ENUM: "VARCHAR",
    DATE: "DATE",
    DATETIME: "TIMESTAMP",
    DECIMAL: "DOUBLE",
    INTEGER: "INTEGER",
}


@dataclass(frozen=True)
class Column:
    name: str  # as in the export's header
    kind: str = TEXT
    required: bool = True  # an empty value rejects the row
    values: tuple[str, ...] = ()  # allowed values for ENUM
    low: float | None = None  # plausible range for DECIMAL / INTEGER, inclusive
    high: float | None = None
    synonyms: tuple[tuple[str, str], ...] = ()  # ENUM: (other word in lower case, the value it means)
    share: bool = False  # DECIMAL, a share 0–1: `75 %` (with its percent sign) is also read, as 0,75


@dataclass(frozen=True)
class ExportSpec:
    file: str  # e.g. "vardkontakter.csv"
    columns: tuple[Column, ...]
    unique_key: tuple[str, ...] = ()  # a later row repeating the key is rejected
    # Per-value plausible ranges for a DECIMAL column keyed on another column's value
    # (matvarden: the range of Varde depends on Variabel).
    ranges_by: tuple[str, str, dict[str, tuple[float, float]]] | None = None
    min_rows_for_structure: int = 0  # the structure check wants at least this many rows
    description: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def table(self) -> str:
        """The raw table's name: the file's stem (`raw.vardkontakter`)."""
        return self.file.removesuffix(".csv")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def has_personnummer(self) -> bool:
        return any(c.kind == PERSONNUMMER for c in self.columns)

    def raw_table_ddl(self, schema: str = "raw") -> str:
        """DDL of the raw table: delivered columns typed, the personnummer replaced."""
        cols = ["delivery_month VARCHAR NOT NULL", "source_row INTEGER NOT NULL"]
        for c in self.columns:
            if c.kind == PERSONNUMMER:
                cols += [
                    "person_pseudonym VARCHAR NOT NULL",
                    "pnr_kind VARCHAR NOT NULL",
                    "pnr_birth_date DATE",
                    "pnr_sex VARCHAR",
                    "pnr_problem VARCHAR",  # why an identifier is invalid (personnummer.py's codes)
                ]
            else:
                cols.append(f'"{c.name}" {_DUCKDB_TYPE[c.kind]}')
        return f"CREATE TABLE IF NOT EXISTS {schema}.{self.table} (\n  " + ",\n  ".join(cols) + "\n)"


def _e(name: str, values: tuple[str, ...], required: bool = True, synonyms: tuple[tuple[str, str], ...] = ()) -> Column:
    if values == YES_NO:  # `Ja`, `SANT`, `1` … are J; `Nej`, `FALSKT`, `0` … are N
        synonyms += tuple(sorted((w, "J") for w in TRUE_WORDS - {"j"})) + tuple(
            sorted((w, "N") for w in FALSE_WORDS - {"n"})
        )
    return Column(name, ENUM, required, values, synonyms=synonyms)


EXPORTS: tuple[ExportSpec, ...] = (
    ExportSpec(
        "listning.csv",
        (
            Column("Personnummer", PERSONNUMMER),
            # Empty Kon, AktivtVal or Listningsdatum does not cost a listed person their place:
            # sex then comes from the personnummer, an unknown choice counts as not active.
            _e("Kon", ("K", "M"), required=False, synonyms=(("kvinna", "K"), ("man", "M"))),
            Column("VardenhetHSAid"),
            Column("Listningsdatum", DATE, required=False),
            _e("AktivtVal", YES_NO, required=False),
            Column("DeSO", required=False),
            Column("Kommunkod", required=False),
        ),
        unique_key=("Personnummer",),
        min_rows_for_structure=1,
        description="listing register, snapshot at the month's last day",
    ),
    ExportSpec(
        "vardkontakter.csv",
        (
            Column("KontaktID"),
            Column("Personnummer", PERSONNUMMER),
            Column("VardenhetHSAid"),
            _e("Vardniva", ("PV", "SOV", "AKM")),
            Column("Kontaktdatum", DATETIME),
            _e("Kontakttyp", ("Besök", "Hembesök", "Telefon", "Video", "Skriftlig")),
            _e("Yrkeskategori", PROFESSIONS),
            Column("PersonalID", required=False),
            # Often left empty outside primary care, where the guarantee does not apply: empty = N.
            _e("Vardgaranti", YES_NO, required=False),
            Column("Sokdatum", DATE, required=False),
        ),
        unique_key=("KontaktID",),
        min_rows_for_structure=1,
        description="outpatient contacts of persons listed in the region",
    ),
    ExportSpec(
        "diagnoser_atgarder.csv",
        (
            Column("KontaktID"),
            _e("Kodtyp", ("DIA", "KVA")),
            Column("Kod"),
            Column("Ordning", INTEGER, low=1, high=999),
        ),
        description="ICD-10-SE diagnosis and KVÅ procedure codes per contact",
    ),
    ExportSpec(
        "telefoni.csv",
        (
            Column("SamtalID"),
            Column("VardenhetHSAid"),
            Column("Inkommande", DATETIME),
            _e("Utfall", ("BESVARAT", "ATERUPPRINGNING", "AVBRUTET", "KO_FULL", "STANGT")),
            Column("Aterringd", DATETIME, required=False),
            Column("Ko", required=False),
        ),
        unique_key=("SamtalID",),
        description="incoming calls to the health centres' telephony",
    ),
    ExportSpec(
        "matvarden.csv",
        (
            Column("Personnummer", PERSONNUMMER),
            Column("Datum", DATE),
            _e("Variabel", ("BT_SYS", "BT_DIA", "HBA1C", "EGFR", "KREA")),
            Column("Varde", DECIMAL),
            Column("VardenhetHSAid"),
        ),
        # Values outside these ranges are measurement or unit errors, not patients.
        ranges_by=(
            "Varde",
            "Variabel",
            {
                "BT_SYS": (50, 300),
                "BT_DIA": (20, 200),
                "HBA1C": (15, 200),
                "EGFR": (1, 200),
                "KREA": (10, 3000),
            },
        ),
        description="measurements",
    ),
    ExportSpec(
        "lakemedel.csv",
        (
            Column("Personnummer", PERSONNUMMER),
            Column("Datum", DATE),
            Column("ATC"),
            Column("VardenhetHSAid"),
        ),
        description="prescriptions issued or renewed",
    ),
    ExportSpec(
        "halsosamtal.csv",
        (
            Column("Personnummer", PERSONNUMMER),
            Column("VardenhetHSAid"),
            Column("Inbjudningsdatum", DATE),
            _e("Kanal", ("Brev", "Telefon", "1177")),
        ),
        description="invitations to targeted health talks",
    ),
    ExportSpec(
        "bemanning.csv",
        (
            Column("VardenhetHSAid"),
            Column("PersonalID"),
            _e("Yrkeskategori", PROFESSIONS),
            _e("Specialist", ("Allmänmedicin", "Annan", "Distriktssköterska"), required=False),
            _e("Tjanst", ("AT", "BT", "ST"), required=False),
            Column("Sysselsattning", DECIMAL, low=0, high=1, share=True),
            _e("Inhyrd", YES_NO),
        ),
        unique_key=("VardenhetHSAid", "PersonalID"),
        description="staff on the month's payroll or hired",
    ),
)

EXPORTS_BY_FILE = {spec.file: spec for spec in EXPORTS}
EXPORT_FILES = tuple(spec.file for spec in EXPORTS)
