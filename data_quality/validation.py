"""Running the Great Expectations suites on a loaded month and keeping the results.

Results go to `audit.quality_results` (one row per month, suite, check and centre, REGION
included) and, when a docs folder is given, to GE Data Docs. The result format carries counts
and shares only, never sample values, so nothing personal can reach the results or the docs.
GE is imported here, lazily, so the command line starts fast.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from data_quality import frames
from data_quality.checks import ERROR, MAX_REJECT_SHARE, REGISTRATION_CHECKS, WARN, structure_suite_name
from orchestration.ingest.schemas import EXPORTS, PERSONNUMMER, ExportSpec

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
        import great_expectations as gx

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.gx = gx
        if docs_dir is not None:
            docs_dir.mkdir(parents=True, exist_ok=True)
            self.context = gx.get_context(mode="file", project_root_dir=str(docs_dir))
        else:
            self.context = gx.get_context(mode="ephemeral")
        self.docs_dir = docs_dir
        self._suites: dict = {}
        try:
            from great_expectations.data_context.types.base import ProgressBarsConfig

            self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        except Exception:  # noqa: BLE001 - cosmetic only
            pass
        name = "warehouse_frames"
        self.source = (self.context.data_sources.get(name) if name in self.context.data_sources.all()
                       else self.context.data_sources.add_pandas(name))

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

    def validate(self, suite_name: str, asset_name: str, frame: pd.DataFrame, expectations: list,
                 with_docs: bool):
        """Validate `frame`; with docs, through a checkpoint that updates the Data Docs."""
        suite = self._suite(suite_name, expectations)
        batch_definition = self._batch_definition(asset_name)
        if with_docs and self.docs_dir is not None:
            definition = self.context.validation_definitions.add_or_update(
                self.gx.ValidationDefinition(name=f"{suite_name}__{asset_name}", data=batch_definition, suite=suite))
            checkpoint = self.context.checkpoints.add_or_update(self.gx.Checkpoint(
                name=f"{suite_name}__checkpoint", validation_definitions=[definition],
                actions=[self.gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
                result_format=RESULT_FORMAT))
            run = checkpoint.run(batch_parameters={"dataframe": frame})
            return next(iter(run.run_results.values()))
        batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
        return batch.validate(suite, result_format=RESULT_FORMAT)

    @property
    def docs_index(self) -> Path | None:
        if self.docs_dir is None:
            return None
        found = sorted(self.docs_dir.rglob("data_docs/local_site/index.html"))
        return found[0] if found else None


def _structure_expectations(gxe, spec: ExportSpec) -> list:
    expectations = [gxe.ExpectTableRowCountToBeBetween(
        min_value=spec.min_rows_for_structure, meta={"check": "row_count"})]
    for c in spec.columns:
        column = "person_pseudonym" if c.kind == PERSONNUMMER else c.name
        if c.required:
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(
                column=column, meta={"check": f"not_null:{c.name}"}))
    if len(spec.unique_key) == 1:
        key = spec.unique_key[0]
        column = "person_pseudonym" if key == "Personnummer" else key
        expectations.append(gxe.ExpectColumnValuesToBeUnique(column=column, meta={"check": f"unique:{key}"}))
    elif spec.unique_key:
        expectations.append(gxe.ExpectCompoundColumnsToBeUnique(
            column_list=list(spec.unique_key), meta={"check": "unique:" + "+".join(spec.unique_key)}))
    return expectations


def _to_results(validation, suite: str, centre_id: str, severity: str) -> list[CheckResult]:
    out = []
    for r in validation.results:
        res = dict(r.result or {})
        element = res.get("element_count")
        unexpected = res.get("unexpected_count")
        missing = res.get("missing_count") or 0
        applicable = None if element is None else element - missing
        share = (unexpected / applicable) if (unexpected is not None and applicable) else (
            0.0 if unexpected is not None else None)
        out.append(CheckResult(
            suite=suite, check_name=(r.expectation_config.meta or {}).get("check", r.expectation_config.type),
            expectation=r.expectation_config.type, centre_id=centre_id,
            element_count=applicable, unexpected_count=unexpected, unexpected_share=share,
            success=bool(r.success), severity=severity, observed=res.get("observed_value")))
    return out


def validate_structure(con: duckdb.DuckDBPyConnection, month: str, runner: GxRunner) -> dict[str, SuiteOutcome]:
    """One structure suite per export file of the month."""
    import great_expectations.expectations as gxe

    outcomes = {}
    for spec in EXPORTS:
        name = structure_suite_name(spec)
        validation = runner.validate(name, f"raw_{spec.table}", frames.raw_month(con, spec, month),
                                     _structure_expectations(gxe, spec), with_docs=True)
        results = _to_results(validation, name, "REGION", ERROR)
        load = frames.file_load(con, spec, month)
        load_check = runner.validate(f"{name}_rejects", f"audit_{spec.table}", load, [
            gxe.ExpectColumnValuesToBeBetween(column="reject_share", min_value=0, max_value=MAX_REJECT_SHARE,
                                              meta={"check": "reject_share"}),
            gxe.ExpectTableRowCountToEqual(value=1, meta={"check": "file_loaded"}),
        ], with_docs=False)
        results += _to_results(load_check, name, "REGION", ERROR)
        outcomes[spec.table] = SuiteOutcome(name, ERROR, results)
    return outcomes


def _registration_expectations(gxe, frame_name: str) -> list:
    return [
        gxe.ExpectColumnValuesToBeInSet(column=c.column, value_set=[True], mostly=1 - c.tolerated_share,
                                        meta={"check": c.name, "description": c.description})
        for c in REGISTRATION_CHECKS if c.frame == frame_name
    ]


def validate_registration(con: duckdb.DuckDBPyConnection, month: str, runner: GxRunner
                          ) -> tuple[SuiteOutcome, list[CheckResult]]:
    """The registration suite over the whole month (REGION) and for each centre."""
    import great_expectations.expectations as gxe

    region: list[CheckResult] = []
    per_centre: list[CheckResult] = []
    for frame_name, frame in (("contacts", frames.registration_contacts(con, month)),
                              ("codes", frames.registration_codes(con, month))):
        expectations = _registration_expectations(gxe, frame_name)
        suite_name = f"{REGISTRATION_SUITE}_{frame_name}"
        data = frame.drop(columns=["centre_id", "contact_id"])
        validation = runner.validate(suite_name, f"registration_{frame_name}", data,
                                     expectations, with_docs=True)
        region += _to_results(validation, REGISTRATION_SUITE, "REGION", WARN)
        for centre_id, rows in frame.groupby("centre_id", sort=True):
            validation = runner.validate(suite_name, f"registration_{frame_name}",
                                         rows.drop(columns=["centre_id", "contact_id"]),
                                         expectations, with_docs=False)
            per_centre += _to_results(validation, REGISTRATION_SUITE, str(centre_id), WARN)
    return SuiteOutcome(REGISTRATION_SUITE, WARN, region), per_centre


def store_results(con: duckdb.DuckDBPyConnection, month: str, suites: list[str],
                  results: list[CheckResult]) -> None:
    """Replace the month's results of `suites` in audit.quality_results."""
    now = datetime.now()
    frame = pd.DataFrame([{
        "month": month, "suite": r.suite, "expectation": r.expectation, "check_name": r.check_name,
        "centre_id": r.centre_id, "element_count": r.element_count, "unexpected_count": r.unexpected_count,
        "unexpected_percent": None if r.unexpected_share is None else 100.0 * r.unexpected_share,
        "success": r.success, "severity": r.severity, "validated_at": now,
    } for r in results], columns=["month", "suite", "expectation", "check_name", "centre_id",
                                  "element_count", "unexpected_count", "unexpected_percent",
                                  "success", "severity", "validated_at"])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM audit.quality_results WHERE month = ? AND suite IN "
                    f"({', '.join('?' for _ in suites)})", [month, *suites])
        if len(frame):
            con.register("incoming_results", frame)
            con.execute("INSERT INTO audit.quality_results BY NAME SELECT * FROM incoming_results")
            con.unregister("incoming_results")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
