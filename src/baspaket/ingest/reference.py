"""The region's reference files (`seeds/`), read as a region delivers them, checked before
anything is built, and copied in one canonical form for dbt.

A region replaces `centres.csv`, `deso_cni.csv` and `kva_codes.csv` with its own, and may edit
the code lists. Saved from Excel on a Swedish machine ("CSV (semikolonavgränsad)") such a file
is `;`-separated, often Windows-1252, sometimes with a BOM, with decimal commas and `SANT` /
`FALSKT` for booleans. dbt's seed reader takes none of that, so every load first reads each seed
here, checks it, and writes a canonical copy (UTF-8, `,`, decimal point, `true`/`false`) into
the warehouse's reference folder, which is where dbt reads its seeds (`BASPAKET_REFERENCE_DIR`).

What is checked is stated once, in dbt's own terms:
- the columns and their types: `column_types` of each seed in `dbt_project/dbt_project.yml`;
- the rules: the data tests of `dbt_project/models/reference/_seeds.yml` (`unique`, `not_null`,
  `accepted_values`, `accepted_range`, `matches_pattern`), which dbt runs again on the seeds.
A broken reference file refuses the load at once, naming the file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from baspaket.contract.schemas import FALSE_WORDS, THOUSANDS_SEPARATORS, TRUE_WORDS

# The exports' two encodings are also what Excel writes on a Swedish machine.
from baspaket.ingest.reader import PACKED_FILE, decode, file_warnings, is_packed, missing_columns
from baspaket.settings import DBT_PROJECT_DIR

# The three seeds a region replaces with its own (indicators.md, Region-specific reference data).
REGION_SEEDS = ("centres", "deso_cni", "kva_codes")
_DELIMITERS = (";", ",", "\t")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_GROUPED_NUMBER = re.compile(rf"^-?\d{{1,3}}(?:[{''.join(THOUSANDS_SEPARATORS)}]\d{{3}})+(?:[.,]\d+)?$")
MAX_PROBLEMS_SHOWN = 20


class ReferenceRefused(Exception):
    """A reference file cannot be used; `problems` name the file, row and column of each fault."""

    def __init__(self, problems: list[str]):
        shown = problems[:MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        super().__init__(
            "the region's reference files cannot be used; nothing was loaded:\n  "
            + "\n  ".join(shown)
            + (f"\n  … and {more} more" if more > 0 else "")
        )
        self.problems = problems


@dataclass
class SeedContract:
    """What one seed must hold: typed columns and the column tests of its properties file."""

    name: str
    column_types: dict[str, str]  # column -> dbt/DuckDB type (varchar, double, integer, boolean)
    tests: dict[str, list[tuple[str, dict]]] = field(default_factory=dict)  # column -> [(test, args)]


@dataclass
class PreparedReference:
    folder: Path
    warnings: list[str]


SEED_PROPERTIES = Path("models") / "reference" / "_seeds.yml"


def load_contracts(dbt_project_dir: Path) -> dict[str, SeedContract]:
    """The seeds' contracts from dbt_project.yml (column types) and the seeds' properties
    file (tests)."""
    project = yaml.safe_load((dbt_project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    seed_config = (project.get("seeds") or {}).get(project["name"], {})
    contracts = {
        name: SeedContract(name, {c: str(t).lower() for c, t in (cfg.get("+column_types") or {}).items()})
        for name, cfg in seed_config.items()
        if isinstance(cfg, dict) and not name.startswith("+")
    }
    properties = dbt_project_dir / SEED_PROPERTIES
    if properties.exists():
        for seed in (yaml.safe_load(properties.read_text(encoding="utf-8")) or {}).get("seeds", []):
            contract = contracts.setdefault(seed["name"], SeedContract(seed["name"], {}))
            for column in seed.get("columns") or []:
                contract.tests[column["name"]] = [_test_of(t) for t in column.get("data_tests") or []]
    return contracts


def _test_of(entry) -> tuple[str, dict]:
    if isinstance(entry, str):
        return entry, {}
    ((name, config),) = entry.items()
    config = config or {}
    return name, dict(
        config.get("arguments") or {}, **{k: v for k, v in config.items() if k not in ("arguments", "config")}
    )


def sniff_delimiter(header_line: str) -> str | None:
    """The separator of a header line: the most frequent of `;`, `,` and tab, outside quotes."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else None


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], str, str | None]:
    """(header, [(row number, fields)], encoding, delimiter) of a reference file as delivered.
    Row 1 is the first data row; rows that are empty in every field (Excel leaves them after
    deleted rows) are not rows."""
    text, encoding = decode(path.read_bytes())
    lines = text.splitlines()
    delimiter = sniff_delimiter(next((line for line in lines if line.strip()), ""))
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or ","))
    records = [r for r in records if any(field.strip() for field in r)]
    if not records:
        return [], [], encoding, None
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    return header, list(enumerate(records[1:], start=1)), encoding, delimiter


def check_seed(path: Path, contract: SeedContract) -> tuple[list[str], list[list[str]], list[str], list[str]]:
    """Read and check one seed: (canonical header, canonical rows, problems, warnings)."""
    file = f"{path.parent.name}/{path.name}"
    problems: list[str] = []
    if is_packed(path.read_bytes()[:4]):
        return [], [], [f"{file}: {PACKED_FILE} (save it as CSV)"], []
    header, rows, encoding, delimiter = read_rows(path)
    if not header:
        return [], [], [f"{file}: the file is empty (not even a header row)"], []
    wanted = list(contract.column_types) or header
    position = {name.lower(): i for i, name in reversed(list(enumerate(header)))}
    missing = [c for c in wanted if c.lower() not in position]
    if missing:
        hint = (
            " (the header has a single column: is the file separated by something else than ',' or ';'?)"
            if delimiter is None
            else ""
        )
        return [], [], [f"{file}: {missing_columns(missing, hint)}"], []
    extra = [h for h in header if h and h.lower() not in {c.lower() for c in wanted}]
    warnings = file_warnings(file, extra, encoding)

    canonical: list[list[str]] = []
    first_seen: dict[str, dict[str, int]] = {c: {} for c in wanted}
    for row_number, fields in rows:
        where = f"{file}: row {row_number} (line {row_number + 1} of the file)"
        if len(fields) < len(header) and len(fields) <= max(position[c.lower()] for c in wanted):
            problems.append(f"{where}: expected {len(header)} fields, found {len(fields)}")
            continue
        if any(f.strip() for f in fields[len(header) :]):
            problems.append(
                f"{where}: expected {len(header)} fields, found {len(fields)} (a separator "
                "inside a value must be quoted)"
            )
            continue
        out = []
        for column in wanted:
            raw = fields[position[column.lower()]].strip()
            value, problem = _typed(raw, contract.column_types.get(column, "varchar"))
            for test, args in contract.tests.get(column, []):
                if not problem:
                    value, problem = _apply_test(test, args, column, value, row_number, first_seen)
            if problem:
                problems.append(f"{where}, column {column}: {problem}")
            out.append(value)
        canonical.append(out)
    return wanted, canonical, problems, warnings


def _typed(raw: str, column_type: str) -> tuple[str, str | None]:
    """The canonical text of one value for its column type, or the reason it is not one."""
    if raw == "":
        return "", None
    if column_type in ("double", "float", "decimal", "integer", "bigint"):
        if not (_NUMBER.match(raw) or _GROUPED_NUMBER.match(raw)):  # `1 234,5`: Excel's thousands
            return raw, f"{raw!r} is not a number"
        digits = raw.translate({ord(separator): None for separator in THOUSANDS_SEPARATORS})
        number = digits.replace(",", ".")
        if column_type in ("integer", "bigint") and "." in number:
            return raw, f"{raw!r} is not a whole number"
        return number, None
    if column_type == "boolean":
        lowered = raw.lower()
        if lowered in TRUE_WORDS:
            return "true", None
        if lowered in FALSE_WORDS:
            return "false", None
        return raw, f"{raw!r} is not true or false"
    return raw, None


def _apply_test(
    test: str, args: dict, column: str, value: str, row_number: int, first_seen: dict[str, dict[str, int]]
) -> tuple[str, str | None]:
    """(value, the problem it has under one dbt column test or None). An accepted value written
    in another case (`privat`) is given the case of the list. Mutates `first_seen`."""
    if test == "not_null":
        return value, ("missing value" if value == "" else None)
    if value == "":
        return value, None  # the other tests, like dbt's, pass over NULL
    if test == "unique":
        seen = first_seen[column]
        if value in seen:
            return value, f"{value!r} appears twice (first on row {seen[value]})"
        seen[value] = row_number
    elif test == "accepted_values":
        allowed = {str(v).lower(): str(v) for v in args.get("values", [])}
        if value.lower() not in allowed:
            return value, f"{value!r} is not one of {' / '.join(allowed.values())}"
        return allowed[value.lower()], None
    elif test == "accepted_range":
        low, high = args.get("min_value"), args.get("max_value")
        number = float(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return value, (
                f"{value} is outside the range {low if low is not None else '…'}–{high if high is not None else '…'}"
            )
    elif test == "matches_pattern":
        if not re.fullmatch(args["pattern"], value):
            return value, f"{value!r} {args.get('description') or 'does not match ' + args['pattern']}"
    return value, None


def prepare_reference(
    seeds_dir: Path, reference_dir: Path, strict: bool = True, dbt_project_dir: Path = DBT_PROJECT_DIR
) -> PreparedReference:
    """Check every seed of `seeds_dir` and write its canonical copy into `reference_dir`.

    strict: any problem refuses (ReferenceRefused) before anything is written. Not strict (when
    the Dagster code location loads, so its manifest can be parsed): a file with problems is
    copied as delivered and the problems become warnings; the load itself checks strictly."""
    contracts = load_contracts(dbt_project_dir)
    outputs: dict[str, bytes] = {}
    problems: list[str] = []
    warnings: list[str] = []
    for path in sorted(seeds_dir.glob("*.csv")):
        contract = contracts.get(path.stem, SeedContract(path.stem, {}))
        header, rows, file_problems, seed_warnings = check_seed(path, contract)
        warnings += seed_warnings
        if file_problems:
            problems += file_problems
            outputs[path.name] = path.read_bytes()
            continue
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        outputs[path.name] = buffer.getvalue().encode("utf-8")
    missing = [
        f"{seeds_dir.name}/{name}.csv: the file is missing" for name in REGION_SEEDS if f"{name}.csv" not in outputs
    ]
    problems = missing + problems
    if problems and strict:
        raise ReferenceRefused(problems)
    warnings += problems
    _mirror(reference_dir, outputs)
    return PreparedReference(reference_dir, warnings)


def _mirror(folder: Path, files: dict[str, bytes]) -> None:
    """Make `folder` hold exactly `files`; unchanged files keep their time stamps (so dbt's
    manifest is not parsed again for nothing), changed ones are replaced atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.iterdir():
        if stale.is_file() and stale.name not in files:
            stale.unlink()
    for name, data in files.items():
        target = folder / name
        if target.exists() and target.read_bytes() == data:
            continue
        temporary = folder / f".{name}.{os.getpid()}.tmp"
        temporary.write_bytes(data)
        os.replace(temporary, target)


def read_seed_records(path: Path) -> list[dict[str, str]]:
    """A seed's rows as dicts keyed by its header, however it was saved (for the synthetic
    region, which builds its exports from the region's reference files)."""
    header, rows, _, _ = read_rows(path)
    return [{h: (fields[i].strip() if i < len(fields) else "") for i, h in enumerate(header)} for _, fields in rows]
