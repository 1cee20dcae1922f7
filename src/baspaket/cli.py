"""`baspaket`: the command line front door (outputs.md).

baspaket demo                      synthetic region -> load -> every output
baspaket load <landing> [--months 2025-01:2025-06]
baspaket baspaket <HSA-id> --month YYYY-MM
baspaket board --month YYYY-MM
baspaket overview --month YYYY-MM
baspaket synth <dir> --centres N --persons N --months 2025-01:2025-06 [--seed N]
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from baspaket.contract.months import months_between, parse_month_range
from baspaket.contract.schemas import EXPORTS_BY_FILE
from baspaket.ingest.delivery import DEMO_MARKER, Delivery, find_deliveries
from baspaket.ingest.pseudonym import DEMO_KEY_ENV_VAR, KEY_ENV_VAR, MissingPseudonymKey, key_for, validate_key
from baspaket.reports.delivery import sentence_en
from baspaket.settings import DEFAULT_LANDING, DEFAULT_OUTPUT, DEFAULT_WAREHOUSE, PROJECT_ROOT, Settings
from baspaket.synthetic.incomplete import Incomplete

console = Console(highlight=False)


def _bind_console() -> None:
    """Bind the screen now: during a load, stdout is redirected to the load's log file."""
    global console
    console = Console(file=sys.stdout, highlight=False, soft_wrap=True)


DEMO_MONTHS = "2025-01:2025-12"


class MonthRange(click.ParamType):
    """`YYYY-MM:YYYY-MM` or one `YYYY-MM`, checked when the command line is read: a mistake is
    a two-line usage error (exit code 2), never a traceback."""

    name = "YYYY-MM:YYYY-MM"

    def __init__(self, single: bool = False):
        self.single = single
        if single:
            self.name = "YYYY-MM"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            first, last = parse_month_range(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if self.single and first != last:
            self.fail(f"give one month YYYY-MM, not a range: {value!r}", param, ctx)
        return (first, last)


class IncompleteDelivery(click.ParamType):
    """`CENTRE:FILE:SHARE` for `--incomplete`, checked when the command line is read."""

    name = "CENTRE:FILE:SHARE"

    def convert(self, value, param, ctx):
        if isinstance(value, Incomplete):
            return value
        try:
            return Incomplete.parse(str(value), list(EXPORTS_BY_FILE))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


_INCOMPLETE_HELP = (
    "Leave out SHARE (0-1) of CENTRE's rows of FILE in the newest month, as a failed export "
    "would: the delivery checks flag it. CENTRE is an HSA id or * for all; repeatable."
)


def _common_options(f):
    f = click.option(
        "--warehouse",
        type=click.Path(path_type=Path),
        default=None,
        help="DuckDB warehouse file [env BASPAKET_WAREHOUSE; default warehouse/baspaket.duckdb]",
    )(f)
    f = click.option(
        "--output",
        type=click.Path(path_type=Path),
        default=None,
        help="Output folder [env BASPAKET_OUTPUT; default output/]",
    )(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """The baspaket warehouse: monthly follow-up of a region's health centres."""
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
    _bind_console()
    from baspaket.orchestration.demo_key import load_demo_key

    load_demo_key()  # as `dagster dev` reads .env: the demo's months load again from here too


def _require_key(landing: Path, months: list[str]) -> None:
    try:
        validate_key(key_for(Delivery(m, landing / m).is_synthetic for m in months))
    except MissingPseudonymKey as exc:
        console.print(f"[red]Cannot load:[/red] {exc}")
        sys.exit(2)


def _require_reference(settings: Settings) -> None:
    """The region's reference files are checked before anything else: a broken one stops the
    load at once, naming file, row and column, and nothing is written."""
    from baspaket.ingest.reference import ReferenceRefused, prepare_reference

    try:
        prepared = prepare_reference(settings.seeds, settings.reference_dir)
    except ReferenceRefused as refused:
        console.print(f"[red]Cannot load:[/red] {refused}")
        sys.exit(2)
    for warning in prepared.warnings:
        console.print(f"[yellow]{warning}[/yellow]")


def _fail(message: str, hint: str = "") -> None:
    """A mistake in what was asked: one or two lines, exit code 2."""
    console.print(f"[red]{message}[/red]" + (f"\n{hint}" if hint else ""))
    sys.exit(2)


def _months_to_load(landing: Path, months: tuple[str, str] | None) -> list[str]:
    if not landing.is_dir():
        _fail(
            f"The landing folder {landing} does not exist.",
            "Give the folder that holds the month folders: baspaket load /path/to/landing",
        )
    found = [d.month for d in find_deliveries(landing)]
    if not found:
        _fail(
            f"No month folders (YYYY-MM) in {landing}.",
            "Each month's exports go in a folder named for the month, e.g. 2025-06/.",
        )
    if not months:
        return found
    wanted = months_between(*months)
    delivered = [m for m in wanted if m in found]
    if not delivered:
        _fail(
            f"None of the months {months[0]}…{months[1]} is delivered in {landing}.",
            f"It holds {found[0]} … {found[-1]} ({len(found)} months).",
        )
    missing = [m for m in wanted if m not in found]
    if missing:
        console.print(
            f"[yellow]No delivery folder for {', '.join(missing)} in {landing}; those months are skipped.[/yellow]"
        )
    return delivered


def _print_summary(summary, started: float) -> None:
    table = Table(title="Files loaded", show_lines=False)
    for col in ("month", "file", "read", "loaded", "rejected", "status"):
        table.add_column(col, justify="right" if col in ("read", "loaded", "rejected") else "left")
    totals = [0, 0, 0]
    for month, file, read, loaded, rejected, status, message in summary.files:
        table.add_row(
            month,
            file,
            *(f"{v:,}".replace(",", " ") if v is not None else "–" for v in (read, loaded, rejected)),
            status if status == "loaded" else f"[red]{status}[/red]: {message}",
        )
        if status == "loaded":
            totals = [t + (v or 0) for t, v in zip(totals, (read, loaded, rejected))]
    console.print(table)
    passed = sum(r.checks_passed for r in summary.runs)
    warned = [c for r in summary.runs for c in r.checks_warned]
    failed = [c for r in summary.runs for c in r.checks_failed]
    fmt = lambda v: f"{v:,}".replace(",", " ")  # noqa: E731
    console.print(f"Months loaded: {', '.join(summary.months_loaded) or 'none'}")
    console.print(
        f"Rows read {fmt(totals[0])}, loaded {fmt(totals[1])}, rejected {fmt(totals[2])} "
        "(rejects with row, column and reason: audit.rejects)"
    )
    console.print(f"Checks: {passed} passed, {len(warned)} warned, {len(failed)} failed")
    steps: dict[str, float] = {}
    for run in summary.runs:
        for step, seconds in run.step_seconds.items():
            steps[step] = steps.get(step, 0) + seconds
    if steps:
        console.print("Steps: " + ", ".join(f"{k} {v:.0f} s" for k, v in steps.items()))
    # The newest month's findings, and any month's above its tolerance: a long backfill does not
    # bury the summary under the same benign finding month after month.
    newest = max((f[0] for f in summary.findings), default=None)
    shown = [f for f in summary.findings if f[0] == newest or f[5]]
    if shown:
        console.print(
            "Findings on single persons (counted and reported to the centres; the figures are built; "
            "per centre and month: marts.data_quality_findings):"
        )
    if len(shown) < len(summary.findings):
        console.print(
            f"  ({len(summary.findings) - len(shown)} findings of earlier months within their tolerance are not shown)"
        )
    for month, file, flagged, checked, description, over in shown:
        colour = "yellow" if over else "default"
        console.print(
            f"  [{colour}]{month} {file}: {fmt(flagged)} of {fmt(checked)} {description} "
            f"({100 * flagged / checked:.2f} %)[/{colour}]"
        )
    _print_deliveries(summary)
    for c in warned:
        console.print(f"  [yellow]warned[/yellow] {c}")
    for c in failed:
        console.print(f"  [red]failed[/red] {c}")
    for run in summary.runs:
        for failure in run.failures:
            console.print(f"[red]Failed[/red] ({', '.join(run.months)}): {failure}")
    console.print(f"Outputs: {summary.output}")
    if summary.months_loaded:
        from baspaket.reports.quality_page import quality_page_name

        newest = summary.months_loaded[-1]
        page = summary.output / newest / quality_page_name(newest)
        if page.is_file():
            console.print(f"Data quality of {newest} (one page, opens without a network): {page}")
    if summary.data_docs:
        console.print(f"Great Expectations Data Docs (need internet for their styles): {summary.data_docs}")
    console.print(f"Done in {time.time() - started:.0f} s.")


MAX_DELIVERY_FLAGS_SHOWN = 10


def _print_deliveries(summary) -> None:
    """Each month's delivery grade, and what its checks flagged against the trailing months
    (audit.delivery_checks): the figures are built, and marked provisional where it matters."""
    if not summary.delivery_grades:
        return
    grades = ", ".join(f"{m} {g}" for m, g in sorted(summary.delivery_grades.items()))
    console.print(f"Delivery grades (A: nothing flagged … D: a file as a whole): {grades}")
    if not summary.delivery_flags:
        return
    console.print(
        "Deliveries that look incomplete against their trailing months (the figures are built and "
        "marked provisional for the centres concerned; audit.delivery_checks):"
    )
    for flag in summary.delivery_flags[:MAX_DELIVERY_FLAGS_SHOWN]:
        console.print(f"  [yellow]{flag.month} {sentence_en(flag)}[/yellow]")
    if len(summary.delivery_flags) > MAX_DELIVERY_FLAGS_SHOWN:
        console.print(f"  … and {len(summary.delivery_flags) - MAX_DELIVERY_FLAGS_SHOWN} more")


def _run_load(settings: Settings, months: list[str]) -> bool:
    from baspaket.orchestration.runner import load

    started = time.time()
    log_file = settings.output / "logs" / f"load_{time.strftime('%Y%m%d_%H%M%S')}.log"
    with console.status("Loading …") as status:

        def say(line: str) -> None:
            status.update(line[:120])
            if "read" in line and "loaded" in line and "rejected" in line:
                console.print(f"  {line.split('] ', 1)[-1]}")

        summary = load(months, settings, say=say, log_file=log_file)
    _print_summary(summary, started)
    console.print(f"Log of the load (dbt, Dagster): {log_file}")
    return summary.success


@main.command("load", short_help="Load the months delivered in a landing folder.")
@click.argument("landing", type=click.Path(path_type=Path), required=False)
@click.option("--months", type=MonthRange(), help="Range YYYY-MM:YYYY-MM (default: every month found)")
@_common_options
def load_command(
    landing: Path | None, months: tuple[str, str] | None, warehouse: Path | None, output: Path | None
) -> None:
    """Load the months found in LANDING (or the range given): ingest, validate, build, write outputs."""
    settings = Settings.resolve(warehouse=warehouse, landing=landing, output=output)
    wanted = _months_to_load(settings.landing, months)
    _require_key(settings.landing, wanted)
    _require_reference(settings)
    console.print(f"Warehouse {settings.warehouse}\nLanding   {settings.landing}\nOutput    {settings.output}")
    sys.exit(0 if _run_load(settings, wanted) else 1)


@main.command("synth", short_help="Write a synthetic region's monthly exports.")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--centres", type=int, default=None, help="Use the first N centres of seeds/centres.csv")
@click.option("--persons", type=int, default=20_000, show_default=True)
@click.option("--months", type=MonthRange(), default=DEMO_MONTHS, show_default=True, help="Range YYYY-MM:YYYY-MM")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--incomplete", type=IncompleteDelivery(), multiple=True, help=_INCOMPLETE_HELP)
def synth_command(
    directory: Path, centres: int | None, persons: int, months: tuple[str, str], seed: int, incomplete
) -> None:
    """Write a synthetic region's monthly exports into DIRECTORY/<YYYY-MM>/."""
    _synthesise(directory, centres, persons, months, seed, Settings.resolve().seeds, list(incomplete))


def _synthesise(directory: Path, centres, persons, months, seed, seeds_dir: Path, incomplete=()) -> list[str]:
    from baspaket.synthetic.generator import SynthConfig, generate

    first, last = months
    cfg = SynthConfig(
        first_month=first,
        last_month=last,
        persons=persons,
        centres=centres,
        seed=seed,
        seeds_dir=seeds_dir,
        incomplete=list(incomplete),
    )
    try:
        with console.status("Writing synthetic exports …") as status:
            written = generate(directory, cfg, progress=lambda m: status.update(f"Writing synthetic exports {m} …"))
    except ValueError as exc:
        _fail(f"Cannot write the synthetic exports: {exc}")
    for month in written:
        (directory / month / DEMO_MARKER).write_text(
            "Synthetic data made by `baspaket synth`: invented persons, no real personnummer.\n"
        )
    console.print(
        f"Wrote {len(written)} months of synthetic exports ({persons:,} persons) to {directory}".replace(",", " ")
    )
    for cut in incomplete:
        console.print(
            f"  {written[-1]} is incomplete on purpose: {cut.share:.0%} of "
            f"{'every centre' if cut.centre == '*' else cut.centre}'s rows of {cut.file} left out"
        )
    return written


@main.command("demo", short_help="Make a synthetic region, load it, write every output.")
@click.option("--persons", type=int, default=20_000, show_default=True)
@click.option("--centres", type=int, default=None, help="First N centres of the seeds (default: all)")
@click.option("--months", type=MonthRange(), default=DEMO_MONTHS, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--landing", type=click.Path(path_type=Path), default=None)
@click.option("--incomplete", type=IncompleteDelivery(), multiple=True, help=_INCOMPLETE_HELP)
@_common_options
def demo_command(persons, centres, months, seed, landing, warehouse, output, incomplete) -> None:
    """Make a synthetic region, load every month, write every output."""
    settings = Settings.resolve(warehouse=warehouse, landing=landing, output=output)
    if not os.environ.get(KEY_ENV_VAR):
        from baspaket.orchestration.demo_key import ENV_FILE, keep_demo_key

        os.environ[DEMO_KEY_ENV_VAR] = keep_demo_key()
        console.print(
            f"[yellow]{KEY_ENV_VAR} is not set: the demo pseudonymises its synthetic data with a "
            f"throw-away key kept in {ENV_FILE} ({DEMO_KEY_ENV_VAR}; `dagster dev` reads it). It serves "
            "synthetic data only: a real region's loads need a key of their own (README, Security).[/yellow]"
        )
    _require_reference(settings)
    _prepare_demo_paths(settings)
    written = _synthesise(settings.landing, centres, persons, months, seed, settings.seeds, incomplete)
    ok = _run_load(settings, written)
    if ok:
        from baspaket.transform.dbt_docs import write_dbt_docs

        month = written[-1]
        console.print(
            f"Baspaket of every centre, the board report and the region overview for {month}: {settings.output / month}"
        )
        with console.status("Writing the dbt docs …"):
            docs = write_dbt_docs(settings)
        if docs:
            console.print(f"The warehouse's models, tests and lineage (dbt docs, one file): {docs}")
        console.print(f"Next, the Dagster UI with the demo's runs: {_ui_command(settings)}")
    sys.exit(0 if ok else 1)


def _ui_command(settings: Settings) -> str:
    """The command that opens the UI on this load's instance and warehouse, as it can be pasted:
    the settings that differ from the defaults are spelled out."""
    from baspaket.orchestration.runner import DAGSTER_HOME_DEFAULT
    from baspaket.settings import LANDING_ENV, OUTPUT_ENV, WAREHOUSE_ENV

    home = Path(os.environ.get("DAGSTER_HOME") or DAGSTER_HOME_DEFAULT).resolve()
    defaults = Settings.resolve(warehouse=DEFAULT_WAREHOUSE, landing=DEFAULT_LANDING, output=DEFAULT_OUTPUT)
    env = [f"DAGSTER_HOME={home}"]
    for name, value, default in (
        (WAREHOUSE_ENV, settings.warehouse, defaults.warehouse),
        (LANDING_ENV, settings.landing, defaults.landing),
        (OUTPUT_ENV, settings.output, defaults.output),
    ):
        if value != default:
            env.append(f"{name}={value}")
    # From the project's folder, where `dagster dev` finds .env (the demo's key); with uv when it
    # is on PATH, else through ./uvw, which is how the README's first command ran.
    uv = "uv" if shutil.which("uv") else "./uvw"
    cd = "" if Path.cwd().resolve() == PROJECT_ROOT else f"cd {PROJECT_ROOT} && "
    return cd + " ".join(env) + f" {uv} run dagster dev"


def _prepare_demo_paths(settings: Settings) -> None:
    """The demo starts from an empty warehouse, and never overwrites real data."""
    for folder in find_deliveries(settings.landing):
        if not (folder.folder / DEMO_MARKER).exists():
            console.print(
                f"[red]{settings.landing} holds real deliveries ({folder.month}); give the demo "
                "another folder with --landing.[/red]"
            )
            sys.exit(2)
    if settings.warehouse.exists():
        from baspaket.warehouse import connect

        con = connect(settings.warehouse, read_only=True)
        try:
            months = con.execute("select distinct month from audit.file_loads").fetchall()
        except Exception:  # noqa: BLE001 - not a warehouse of ours
            months = [("?",)]
        finally:
            con.close()
        real = [m for (m,) in months if not (settings.landing / m / DEMO_MARKER).exists()]
        if real:
            console.print(
                f"[red]{settings.warehouse} holds loads that are not the demo's ({', '.join(real[:3])}…); "
                "give the demo another file with --warehouse.[/red]"
            )
            sys.exit(2)
        settings.warehouse.unlink()
        for extra in (".wal",):
            Path(str(settings.warehouse) + extra).unlink(missing_ok=True)
    for folder in find_deliveries(settings.landing):
        shutil.rmtree(folder.folder)


def _built_warehouse(settings: Settings, month: str):
    """A read-only connection to a warehouse where `month` is built, or a clear exit."""
    from baspaket.reports.marts import built_months
    from baspaket.warehouse import connect

    if not settings.warehouse.exists():
        _fail(f"No warehouse at {settings.warehouse}.", "Load a month first: baspaket load /path/to/landing")
    con = connect(settings.warehouse, read_only=True)
    months = built_months(con)
    if month not in months:
        con.close()
        _fail(
            f"{month} is not built in {settings.warehouse}.",
            f"Built: {', '.join(months) or 'none'}. Load it first: baspaket load <landing> --months {month}",
        )
    return con


@main.command("baspaket", short_help="Write one centre's baspaket for one month.")
@click.argument("hsa_id")
@click.option("--month", required=True, type=MonthRange(single=True), help="YYYY-MM")
@_common_options
def baspaket_command(hsa_id: str, month: tuple[str, str], warehouse: Path | None, output: Path | None) -> None:
    """Write one centre's baspaket (Excel and HTML) for one month."""
    from baspaket.reports.outputs import write_baspaket

    settings = Settings.resolve(warehouse=warehouse, output=output)
    month_built = month[0]
    con = _built_warehouse(settings, month_built)
    try:
        paths = write_baspaket(con, settings.output, hsa_id, month_built)
    except KeyError as exc:
        known = [c for (c,) in con.execute("select hsa_id from reference.centres order by 1").fetchall()]
        _fail(
            str(exc.args[0]),
            f"The centres are {', '.join(known[:3])}{' …' if len(known) > 3 else ''} "
            f"({len(known)} in all, seeds/centres.csv).",
        )
    finally:
        con.close()
    for p in paths:
        console.print(f"Wrote {p}")


@main.command("board", short_help="Write the board's access report for one month.")
@click.option("--month", required=True, type=MonthRange(single=True), help="YYYY-MM")
@_common_options
def board_command(month: tuple[str, str], warehouse: Path | None, output: Path | None) -> None:
    """Write the board's access report (0:an and 3:an, Excel and HTML) for one month."""
    from baspaket.reports.outputs import write_board

    _write_month_report(write_board, month[0], warehouse, output)


@main.command("overview", short_help="Write the region's overview for its analysts for one month.")
@click.option("--month", required=True, type=MonthRange(single=True), help="YYYY-MM")
@_common_options
def overview_command(month: tuple[str, str], warehouse: Path | None, output: Path | None) -> None:
    """Write the region's overview (every indicator of every centre with its interval and
    comparisons, funnel plots, standardised rates; Excel and HTML) for one month."""
    from baspaket.reports.outputs import write_overview

    _write_month_report(write_overview, month[0], warehouse, output)


def _write_month_report(write, month: str, warehouse: Path | None, output: Path | None) -> None:
    """One of the region's reports for one built month: `write(con, output, month)`."""
    settings = Settings.resolve(warehouse=warehouse, output=output)
    con = _built_warehouse(settings, month)
    try:
        paths = write(con, settings.output, month)
    finally:
        con.close()
    for p in paths:
        console.print(f"Wrote {p}")


if __name__ == "__main__":
    main()
