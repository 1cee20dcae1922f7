"""Running the Great Expectations suites on a loaded month and keeping the results.

Results go to `audit.quality_results` (one row per month, suite, check and centre, REGION
included) and, when a docs folder is given, to GE Data Docs. The result format carries counts
and shares only, never sample values, so nothing personal can reach the results or the docs.
GE is imported here, lazily, so the command line starts fast, and without the libraries it loads
for checks this project never runs (quality/gx_import.py).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from baspaket.contract.schemas import EXPORTS, ExportSpec
from baspaket.quality import frames
from baspaket.quality.checks import ERROR, MAX_REJECT_SHARE, WARN, structure_suite_name
from baspaket.quality.gx_import import great_expectations

REGISTRATION_SUITE = "registration_quality"
RESULT_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 0, "include_unexpected_rows": False}


@dataclass
class CheckResult:
    suite: str
    check_name: str
    expectation: str
    centre_id: str
    element_count: int | None
    unexpected_count: int | None
    unexpected_share: float | None  # of the rows the rule applies to, 0–1
    success: bool
    severity: str
    observed: object = None


@dataclass
class SuiteOutcome:
    suite: str
    severity: str
    results: list[CheckResult]  # region-level results (centre_id REGION or the whole file)

    @property
    def success(self) -> bool:
        return all(r.success for r in self.results)

    def summary(self) -> str:
        failed = [r for r in self.results if not r.success]
        if not failed:
            return f"{self.suite}: all {len(self.results)} checks passed"
        return f"{self.suite}: " + "; ".join(_describe(r) for r in failed)


def _describe(r: CheckResult) -> str:
    if r.unexpected_share is not None:
        return f"{r.check_name} failed ({r.unexpected_count} of {r.element_count}, {r.unexpected_share:.1%})"
    return f"{r.check_name} failed (observed {r.observed})"


class GxRunner:
    """One GE context for a run: ephemeral, or file-backed in `docs_dir` to keep Data Docs."""

    def __init__(self, docs_dir: Path | None = None):
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        gx = great_expectations()
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        # GE's files that could not be read and were removed (remove_unreadable), for the log
        self.removed: list[Path] = []
        # Any: GE's context and data source classes differ by mode, and its stubs do not name
        # the pandas source's methods.
        self.context: Any
        if docs_dir is not None:
            docs_dir.mkdir(parents=True, exist_ok=True)
            self.removed += remove_unreadable(docs_dir, CONFIGURATION_STORES)
            self.context = gx.get_context(mode="file", project_root_dir=str(docs_dir))
        else:
            self.context = gx.get_context(mode="ephemeral")
        self.docs_dir = docs_dir
        self._suites: dict = {}
        # The validation results and suites whose Data Docs pages are still to be written
        # (publish_docs): the site is built once per step, not once per validation.
        self._unpublished: list = []
        try:
            from great_expectations.data_context.types.base import ProgressBarsConfig

            self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        except Exception:  # noqa: BLE001 - cosmetic only
            pass
        name = "warehouse_frames"
        self.source: Any = (
            self.context.data_sources.get(name)
            if name in self.context.data_sources.all()
            else self.context.data_sources.add_pandas(name)
        )

    def _batch_definition(self, asset_name: str):
        try:
            asset = self.source.get_asset(asset_name)
        except LookupError:
            asset = self.source.add_dataframe_asset(asset_name)
        try:
            return asset.get_batch_definition("whole_frame")
        except (KeyError, LookupError, ValueError):
            return asset.add_batch_definition_whole_dataframe("whole_frame")

    def _suite(self, name: str, expectations: list):
        """The suite `name`, made once per runner (GE suites own their expectations)."""
        if name not in self._suites:
            suite = self.gx.ExpectationSuite(name=name, expectations=expectations)
            self._suites[name] = self.context.suites.add_or_update(suite)
        return self._suites[name]

    def validate(
        self,
        suite_name: str,
        asset_name: str,
        frame: pd.DataFrame,
        expectations: list,
        with_docs: bool,
        index_columns: list[str] | None = None,
    ):
        """Validate `frame`; with docs, through a checkpoint that stores the result for the
        Data Docs (written by publish_docs). `index_columns` name the failing rows in the result
        (centre ids, never persons)."""
        result_format = dict(RESULT_FORMAT)
        if index_columns:
            result_format.update(
                result_format="COMPLETE",
                unexpected_index_column_names=index_columns,
                return_unexpected_index_query=False,
            )
        suite = self._suite(suite_name, expectations)
        batch_definition = self._batch_definition(asset_name)
        if with_docs and self.docs_dir is not None:
            definition = self.context.validation_definitions.add_or_update(
                self.gx.ValidationDefinition(name=f"{suite_name}__{asset_name}", data=batch_definition, suite=suite)
            )
            checkpoint = self.context.checkpoints.add_or_update(
                self.gx.Checkpoint(
                    name=f"{suite_name}__checkpoint",
                    validation_definitions=[definition],
                    # No UpdateDataDocsAction: it rebuilds the site's index, which reads every
                    # result the site holds, after each validation; a month's eleven suites
                    # made that grow with the history (publish_docs builds once).
                    actions=[],
                    result_format=result_format,
                )
            )
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            [(key, result)] = run.run_results.items()
            self._unpublished += [key, key.expectation_suite_identifier]
            return result
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(suite, result_format=result_format)

    def publish_docs(self) -> None:
        """Write the Data Docs pages of the results validated since the last call, their suites'
        pages and the site's index, in one build."""
        if self.docs_dir is None or not self._unpublished:
            return
        self.context.build_data_docs(resource_identifiers=self._unpublished)
        self._unpublished = []

    def removal_warnings(self) -> list[str]:
        """What the step's log says of the files `remove_unreadable` removed."""
        return [
            f"Data Docs: {path} could not be read (a load stopped while it was written) and was removed; "
            "this load made it again"
            for path in self.removed
        ]

    @property
    def docs_index(self) -> Path | None:
        if self.docs_dir is None:
            return None
        found = sorted(self.docs_dir.rglob("data_docs/local_site/index.html"))
        return found[0] if found else None


# GE's file-backed context keeps each suite, validation definition and checkpoint as a JSON
# file of its own, under <docs>/gx/ (and each result under uncommitted/validations/).
CONFIGURATION_STORES = ("expectations", "validation_definitions", "checkpoints")


def remove_unreadable(docs_dir: Path, stores: tuple[str, ...]) -> list[Path]:
    """Remove the JSON files of GE's `stores` in `docs_dir` that cannot be read; return them.

    GE writes such a file in place: a load killed while it wrote one leaves it empty or cut
    off, and GE then refused the same key in every later load ("was found, but it is not a
    Checkpoint"), so no month could be loaded again. Each load makes them again
    (`add_or_update`). A result cut off the same way does not stop a load: GE leaves it out
    of the site (tests/test_faults.py), and the result is in audit.quality_results."""
    removed = []
    for store in stores:
        for path in sorted((docs_dir / "gx" / store).rglob("*.json")):
            try:
                json.loads(path.read_bytes())
            except (ValueError, OSError):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


@contextlib.contextmanager
def publishing(runner: GxRunner) -> Iterator[GxRunner]:
    """`runner` for a step's validations; their Data Docs are written when the step ends, also
    when it stops on a refused month (the months validated before it keep their pages)."""
    try:
        yield runner
    finally:
        runner.publish_docs()


def _structure_expectations(gxe, spec: ExportSpec) -> list:
    """Expectations on the file's count frame (frames.structure_counts). A check's `counts` meta
    names the frame's columns holding the rows it applies to and the rows that break it."""

    def at_most_zero(column: str, check: str):
        return gxe.ExpectColumnValuesToBeBetween(
            column=column, min_value=0, max_value=0, meta={"check": check, "counts": ["rows", column]}
        )

    expectations = [
        gxe.ExpectColumnValuesToBeBetween(
            column="rows", min_value=spec.min_rows_for_structure, meta={"check": "row_count", "observed": "rows"}
        )
    ]
    expectations += [at_most_zero(f"missing:{c.name}", f"not_null:{c.name}") for c in spec.columns if c.required]
    if spec.unique_key:
        key = "+".join(spec.unique_key)
        expectations.append(at_most_zero(f"duplicate:{key}", f"unique:{key}"))
    expectations += [
        gxe.ExpectColumnValuesToBeBetween(
            column="reject_share",
            min_value=0,
            max_value=MAX_REJECT_SHARE,
            meta={"check": "reject_share", "observed": "reject_share"},
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="loads", min_value=1, max_value=1, meta={"check": "file_loaded", "observed": "loads"}
        ),
    ]
    return expectations


def _counted_results(validation, counts: pd.Series, suite: str, centre_id: str, severity: str) -> list[CheckResult]:
    """One result per expectation, its counts read from the count frame's row `counts`."""
    out = []
    for r in validation.results:
        meta = r.expectation_config.meta or {}
        element = unexpected = share = observed = None
        if "counts" in meta:
            element, unexpected = (int(counts[c]) for c in meta["counts"])
            share = unexpected / element if element else 0.0
        if "observed" in meta:
            observed = counts[meta["observed"]].item()
        out.append(
            CheckResult(
                suite=suite,
                check_name=meta.get("check", r.expectation_config.type),
                expectation=r.expectation_config.type,
                centre_id=centre_id,
                element_count=element,
                unexpected_count=unexpected,
                unexpected_share=share,
                success=bool(r.success),
                severity=severity,
                observed=observed,
            )
        )
    return out


def validate_structure(con: duckdb.DuckDBPyConnection, month: str, runner: GxRunner) -> dict[str, SuiteOutcome]:
    """One structure suite per export file of the month, on its counts (one row)."""
    gxe = great_expectations().expectations

    outcomes = {}
    for spec in EXPORTS:
        name = structure_suite_name(spec)
        counts = frames.structure_counts(con, spec, month)
        validation = runner.validate(
            name, f"{month}_{spec.table}", counts, _structure_expectations(gxe, spec), with_docs=True
        )
        outcomes[spec.table] = SuiteOutcome(
            name, ERROR, _counted_results(validation, counts.iloc[0], name, frames.REGION, ERROR)
        )
    return outcomes


def _registration_expectations(gxe, rules: list[frames.RegistrationRule]) -> list:
    """Per rule, for every centre and the region: the lower 99.8 % limit of its share of wrong
    rows at most the rule's tolerated share, so a centre warns when it is above the tolerance
    beyond chance. GE names the centres over it (their ids are the frame's only identifiers)."""
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=f"{r.rule}:lower_limit",
            min_value=0,
            max_value=r.tolerated_share,
            meta={
                "check": r.rule,
                "description": r.description,
                "tolerated_share": r.tolerated_share,
                "counts": [f"{r.rule}:checked", f"{r.rule}:flagged"],
            },
        )
        for r in rules
    ]


def validate_registration(
    con: duckdb.DuckDBPyConnection, month: str, runner: GxRunner
) -> tuple[SuiteOutcome, list[CheckResult]]:
    """The registration suite on the month's counts per centre and for the whole region."""
    gxe = great_expectations().expectations

    region: list[CheckResult] = []
    per_centre: list[CheckResult] = []
    for frame_name in ("contacts", "codes"):
        rules = frames.registration_rules(con, frame_name)
        counts = frames.registration_counts(con, rules, month)
        validation = runner.validate(
            f"{REGISTRATION_SUITE}_{frame_name}",
            f"{month}_registration_{frame_name}",
            counts,
            _registration_expectations(gxe, rules),
            with_docs=True,
            index_columns=["centre_id"],
        )
        over = {
            r.expectation_config.meta["check"]: {
                row["centre_id"] for row in (r.result or {}).get("unexpected_index_list") or []
            }
            for r in validation.results
        }
        for _, row in counts.iterrows():  # one per centre: a few hundred at most
            results = _counted_results(validation, row, REGISTRATION_SUITE, row["centre_id"], WARN)
            for result in results:
                result.success = row["centre_id"] not in over[result.check_name]
            (region if row["centre_id"] == frames.REGION else per_centre).extend(results)
    return SuiteOutcome(REGISTRATION_SUITE, WARN, region), per_centre


def store_results(con: duckdb.DuckDBPyConnection, month: str, suites: list[str], results: list[CheckResult]) -> None:
    """Replace the month's results of `suites` in audit.quality_results."""
    now = datetime.now()
    frame = pd.DataFrame(
        [
            {
                "month": month,
                "suite": r.suite,
                "expectation": r.expectation,
                "check_name": r.check_name,
                "centre_id": r.centre_id,
                "element_count": r.element_count,
                "unexpected_count": r.unexpected_count,
                "unexpected_percent": None if r.unexpected_share is None else 100.0 * r.unexpected_share,
                "success": r.success,
                "severity": r.severity,
                "validated_at": now,
            }
            for r in results
        ],
        columns=[
            "month",
            "suite",
            "expectation",
            "check_name",
            "centre_id",
            "element_count",
            "unexpected_count",
            "unexpected_percent",
            "success",
            "severity",
            "validated_at",
        ],
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"DELETE FROM audit.quality_results WHERE month = ? AND suite IN ({', '.join('?' for _ in suites)})",
            [month, *suites],
        )
        if len(frame):
            con.register("incoming_results", frame)
            con.execute("INSERT INTO audit.quality_results BY NAME SELECT * FROM incoming_results")
            con.unregister("incoming_results")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
