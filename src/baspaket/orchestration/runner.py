"""Running the monthly load in-process (the command line's engine), and summarising it.

The same Definitions as the Dagster UI; consecutive months run as one partition-range run
(one `dbt build` for all of them), gaps split the months into several runs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import dagster as dg

from baspaket.contract.months import shift
from baspaket.orchestration.definitions import build_definitions
from baspaket.orchestration.partitions import MONTHS_PER_RUN, partition_key_of
from baspaket.reports.delivery import DeliveryFlag, delivery_flags, delivery_grades
from baspaket.settings import PROJECT_ROOT, Settings
from baspaket.warehouse import connect, has_tables

DAGSTER_HOME_DEFAULT = PROJECT_ROOT / "dagster_home"


@dataclass
class RunOutcome:
    months: list[str]
    success: bool
    failures: list[str] = field(default_factory=list)
    checks_passed: int = 0
    checks_warned: list[str] = field(default_factory=list)
    checks_failed: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step
    run_seconds: float = 0.0  # from the run's start to its end, steps and what lies between them


@dataclass
class LoadSummary:
    runs: list[RunOutcome]
    files: list[tuple]  # (month, file, rows_read, rows_loaded, rows_rejected, status, message)
    output: Path
    data_docs: Path | None
    findings: list[tuple] = field(default_factory=list)  # (month, file, flagged, checked, description, over)
    delivery_flags: list[DeliveryFlag] = field(default_factory=list)  # of the months loaded
    delivery_grades: dict[str, str] = field(default_factory=dict)  # month -> grade A–D

    @property
    def success(self) -> bool:
        return all(r.success for r in self.runs)

    @property
    def months_loaded(self) -> list[str]:
        return sorted({f[0] for f in self.files if f[5] == "loaded"})


def consecutive_ranges(months: list[str], max_months: int = MONTHS_PER_RUN) -> list[list[str]]:
    """Split sorted months into runs of consecutive months, at most `max_months` each."""
    ranges: list[list[str]] = []
    for month in sorted(months):
        if ranges and month == shift(ranges[-1][-1], 1) and len(ranges[-1]) < max_months:
            ranges[-1].append(month)
        else:
            ranges.append([month])
    return ranges


def dagster_instance() -> dg.DagsterInstance:
    """The instance the UI reads: DAGSTER_HOME, else the project's dagster_home/ folder."""
    home = Path(os.environ.get("DAGSTER_HOME") or DAGSTER_HOME_DEFAULT).expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    # what DagsterInstance.get() does with DAGSTER_HOME, without writing it into the environment
    return dg.DagsterInstance.from_config(str(home))


class _ProgressHandler(logging.Handler):
    """Passes the assets' own log lines (months read, loaded, checked) to the screen."""

    def __init__(self, say: Callable[[str], None]):
        super().__init__(level=logging.INFO)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        message = getattr(record, "dagster_meta", {}).get("orig_message") or record.getMessage()
        step = getattr(record, "dagster_meta", {}).get("step_key") or ""
        if message and not message.startswith(("Started execution", "Finished execution")):
            self.say(f"[{step}] {message}" if step else message)


def run_months(
    months: list[str],
    settings: Settings,
    instance: dg.DagsterInstance | None = None,
    say: Callable[[str], None] | None = None,
    reports_for_latest_only: bool = True,
) -> list[RunOutcome]:
    """Run the monthly load for `months`, in runs of consecutive months (`consecutive_ranges`).
    Reports are written for the newest month of each stretch of consecutive months (not for
    the earlier runs a long backlog is cut into), or for every month when
    `reports_for_latest_only` is False."""
    defs = build_definitions(settings)
    job = defs.resolve_job_def("monthly_load")
    instance = instance or dagster_instance()
    outcomes = []
    handler = _ProgressHandler(say) if say else None
    blocks = consecutive_ranges(months)
    for block, following in zip(blocks, [*blocks[1:], None]):
        # the stretch goes on in the next run: this run's newest month needs no reports
        continued = following is not None and following[0] == shift(block[-1], 1)
        reports = "all" if not reports_for_latest_only else "none" if continued else "latest"
        if say:
            say(f"Loading {block[0]}" + (f" … {block[-1]}" if len(block) > 1 else ""))
        dagster_logger = logging.getLogger("dagster")
        if handler:
            dagster_logger.addHandler(handler)
        try:
            result = job.execute_in_process(
                instance=instance,
                tags={
                    "dagster/asset_partition_range_start": partition_key_of(block[0]),
                    "dagster/asset_partition_range_end": partition_key_of(block[-1]),
                },
                raise_on_error=False,
                run_config={
                    "loggers": {"console": {"config": {"log_level": "CRITICAL"}}},
                    "ops": {
                        name: {"config": {"months": reports}}
                        for name in ("outputs__baspaket", "outputs__board_access", "outputs__region_overview")
                    },
                },
            )
        finally:
            if handler:
                dagster_logger.removeHandler(handler)
        outcomes.append(_outcome(block, result, instance))
    return outcomes


def _timings(instance: dg.DagsterInstance, run_id: str) -> tuple[dict[str, float], float]:
    """Wall time of each step of a run and of the whole run, from the run's event log."""
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    run_started = run_ended = 0.0
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type == dg.DagsterEventType.RUN_START:
            run_started = entry.timestamp
        elif event.event_type in (dg.DagsterEventType.RUN_SUCCESS, dg.DagsterEventType.RUN_FAILURE):
            run_ended = entry.timestamp
        elif event.step_key is None:
            continue
        elif event.event_type == dg.DagsterEventType.STEP_START:
            started[event.step_key] = entry.timestamp
        elif (
            event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE)
            and event.step_key in started
        ):
            seconds[event.step_key] = entry.timestamp - started[event.step_key]
    return seconds, max(run_ended - run_started, 0.0)


def _outcome(months: list[str], result, instance: dg.DagsterInstance) -> RunOutcome:
    outcome = RunOutcome(months, bool(result.success))
    outcome.step_seconds, outcome.run_seconds = _timings(instance, result.run_id)
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            outcome.failures.append(f"{event.step_key}: {_root_cause(event)}")
        elif event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.asset_check_evaluation_data
            name = f"{data.asset_key.to_user_string()}:{data.check_name}"
            if data.passed:
                outcome.checks_passed += 1
            elif data.severity == dg.AssetCheckSeverity.WARN:
                outcome.checks_warned.append(name)
            else:
                outcome.checks_failed.append(name)
    return outcome


def _root_cause(event) -> str:
    """The innermost error of a failed step: what went wrong, not Dagster's wrapper around it."""
    error = event.event_specific_data.error
    if error is None:
        return event.message or "failed"
    while error.cause is not None:
        error = error.cause
    # The message starts with the exception's (module-qualified) class name: keep what it says.
    return re.sub(rf"^[\w.]*{re.escape(error.cls_name or '')}: ", "", error.message.strip())


@contextlib.contextmanager
def _reading(settings: Settings, *tables: str):
    """A read-only connection to the warehouse, or None when there is no warehouse yet or it
    lacks `tables`."""
    if not settings.warehouse.exists():
        yield None
        return
    con = connect(settings.warehouse, read_only=True)
    try:
        yield con if has_tables(con, *tables) else None
    finally:
        con.close()


def _read_for_months(settings: Settings, sql: str, months: list[str], *tables: str) -> list[tuple]:
    """Rows of `sql` (with `{months}` for the months' placeholders) from the warehouse, or none
    when there is no warehouse yet or it lacks `tables`."""
    if not months:
        return []
    with _reading(settings, *tables) as con:
        if con is None:
            return []
        return con.execute(sql.format(months=", ".join("?" for _ in months)), months).fetchall()


def file_summary(settings: Settings, months: list[str]) -> list[tuple]:
    """The latest audit row per month and file, for the months of the load."""
    return _read_for_months(
        settings,
        """
        select month, file, rows_read, rows_loaded, rows_rejected, status, message
        from audit.file_loads
        where month in ({months})
        qualify row_number() over (partition by month, file order by loaded_at desc) = 1
        order by month, file
        """,
        months,
        "audit.file_loads",
    )


def findings_summary(settings: Settings, months: list[str]) -> list[tuple]:
    """The region's findings on single persons in the months built: what was counted and
    reported (the figures were built all the same)."""
    return _read_for_months(
        settings,
        """
        select f.period, f.source_file, f.flagged, f.checked, r.description, f.exceeds_tolerance
        from marts.data_quality_findings f
        join reference.finding_rules r using (rule)
        where f.centre_id = 'REGION' and f.flagged > 0 and f.period in ({months})
        order by f.period, f.source_file, f.rule
        """,
        months,
        "marts.data_quality_findings",
        "reference.finding_rules",
    )


def delivery_summary(settings: Settings, months: list[str]) -> tuple[list[DeliveryFlag], dict[str, str]]:
    """The flagged delivery checks and the grades of `months` (audit.delivery_checks)."""
    with _reading(settings) as con:
        if con is None:
            return [], {}
        return delivery_flags(con, months), delivery_grades(con, months)


def load(
    months: list[str],
    settings: Settings,
    instance: dg.DagsterInstance | None = None,
    say: Callable[[str], None] | None = None,
    log_file: Path | None = None,
) -> LoadSummary:
    """Load `months`; dbt's and the libraries' own output goes to `log_file` when given."""
    if log_file is None:
        runs = run_months(months, settings, instance, say)
    else:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with (
            open(log_file, "a", encoding="utf-8") as log,
            contextlib.redirect_stdout(log),
            contextlib.redirect_stderr(log),
        ):
            runs = run_months(months, settings, instance, say)
    docs = sorted((settings.output / "data_docs").rglob("local_site/index.html"))
    flags, grades = delivery_summary(settings, months)
    return LoadSummary(
        runs,
        file_summary(settings, months),
        settings.output,
        docs[0] if docs else None,
        findings_summary(settings, months),
        flags,
        grades,
    )
