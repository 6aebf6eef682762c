"""`readout`: run the whole pipeline headlessly through Dagster, or summarize a warehouse.

    readout run [INPUT ...] [--sources FILE] [--db PATH] [--reference-year YEAR] [--full-refresh]
                [--verbose]
    readout summary [--db PATH]
    readout eval GOLD [--db PATH]

Heavy imports (dagster, the definitions) happen inside the commands, after DAGSTER_HOME and the
dbt manifest are in place.
"""

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

from orchestration.contract import MARTS
from transform.schemas import EVENT_TYPES

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DAGSTER_HOME = REPO_ROOT / ".dagster_home"

DAGSTER_YAML = """\
# Written by `readout` when missing. Local instance for `readout run` and `make ui`.
telemetry:
  enabled: false
# One writer on the DuckDB file at a time.
concurrency:
  runs:
    max_concurrent_runs: 1
"""


def _run_log() -> Path:
    return Path(os.environ["DAGSTER_HOME"]) / "last_run.log"


class CliError(Exception):
    """An error to print as one message, without a traceback."""


def ensure_dagster_home(home: Path | None = None) -> Path:
    """Set DAGSTER_HOME (default <repo>/.dagster_home) and write its dagster.yaml if missing."""
    home = Path(home or os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    elif "max_concurrent_runs" not in config.read_text():
        print(
            f"readout: {config} sets no `concurrency: runs: max_concurrent_runs: 1`; without it "
            "runs launched together in the UI start together (they still take turns on the "
            "warehouse's file lock)",
            file=sys.stderr,
        )
    # Dagster's first-visit community pop-up covers the UI until dismissed (what setNuxSeen does).
    nux = home / ".nux" / "nux.yaml"
    if not nux.exists():
        nux.parent.mkdir(exist_ok=True)
        nux.write_text("seen: 1\n")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _quiet_warnings() -> None:
    import warnings

    warnings.filterwarnings("ignore", module="dagster")
    warnings.filterwarnings("ignore", module="dagster_dbt")
    try:
        from dagster import BetaWarning, PreviewWarning, SupersessionWarning

        for category in (BetaWarning, PreviewWarning, SupersessionWarning):
            warnings.filterwarnings("ignore", category=category)
    except ImportError:  # pragma: no cover
        pass


def _root_cause(error) -> str:
    """The innermost message of a Dagster SerializableErrorInfo chain (the user's exception)."""
    messages = []
    while error is not None:
        messages.append(error.message.strip())
        error = error.cause
    # Dagster wraps user errors ("Error occurred while executing op ..."): the last is the user's.
    return messages[-1] if messages else "unknown error"


def _failure_messages(result) -> list[str]:
    out = []
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            out.append(f"step {event.step_key}: {_root_cause(error)}")
    if not out:
        for event in result.all_events:
            if event.is_failure and event.event_specific_data is not None:
                error = getattr(event.event_specific_data, "error", None)
                if error is not None:
                    out.append(_root_cause(error))
    return out or ["the run failed (run again with --verbose for Dagster's log)"]


def _expected_duration(inputs: list[Path] | None) -> str:
    """A rough upper bound for the start message, from the inputs' size: BENCHMARKS.md measures
    ~20 s of fixed cost and ~3.5 min per GB on 2 cores; this allows ~5 min per GB. A warehouse that
    already holds the articles skips most of it."""
    files = [f for p in inputs or [] for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file()]
    mb = sum(f.stat().st_size for f in files) / 1e6
    if mb < 20:
        return "about half a minute"
    minutes = 0.3 + mb * 0.3 / 60
    return f"up to ~{minutes:.0f} min for {mb:,.0f} MB of input"


def _validate_inputs(inputs: list[str]) -> list[Path]:
    paths = []
    for raw in inputs:
        path = Path(raw).expanduser()
        if not path.exists():
            raise CliError(f"input not found: {raw}")
        paths.append(path.resolve())
    return paths


def run_config(
    db: Path,
    selected_ops: set[str],
    inputs: list[Path] | None,
    reference_year: int | None,
    full_refresh: bool,
    log_level: str,
) -> dict:
    """The run config `readout run` gives each Dagster run, as one would in the UI's launchpad:
    the warehouse file, the ingest's inputs, and full refresh for the extract steps."""
    ops: dict = {}
    if "raw__articles" in selected_ops:
        ingest: dict = {"reference_year": reference_year}
        if inputs is not None:
            ingest["paths"] = [str(p) for p in inputs]
        ops["raw__articles"] = {"config": ingest}
    for op in ("raw__sentences", "event_mentions"):
        if op in selected_ops and full_refresh:
            ops[op] = {"config": {"full_refresh": True}}
    return {
        "resources": {"warehouse": {"config": {"path": str(db)}}},
        "ops": ops,
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }


def _materialize_all(
    db: Path,
    inputs: list[Path] | None,
    reference_year: int | None,
    sources_file: Path | None,
    full_refresh: bool,
    verbose: bool,
):
    import dagster as dg

    from orchestration.dbt_project import ensure_manifest

    try:
        ensure_manifest()
    except RuntimeError as error:
        raise CliError(str(error)) from None

    from orchestration.definitions import build_defs
    from orchestration.fetch import inbox_is_empty
    from orchestration.source_config import INBOX_SOURCE, SourcesFileError, load_sources

    try:
        defs = build_defs(load_sources(sources_file))
    except SourcesFileError as error:
        raise CliError(str(error)) from None
    graph = defs.resolve_asset_graph()
    assets = [*(defs.assets or []), *(defs.asset_checks or [])]
    log_level = "DEBUG" if verbose else "CRITICAL"

    def materialize_one(selection: dg.AssetSelection):
        keys = selection.resolve(graph)
        ops = {graph.get(key).assets_def.node_def.name for key in keys}
        return dg.materialize(
            assets,
            selection=selection,
            resources=dict(defs.resources or {}),
            instance=dg.DagsterInstance.get(),
            run_config=run_config(db, ops, inputs, reference_year, full_refresh, log_level),
            raise_on_error=False,
            tags={"readout/cli": "run"},
        )

    def materialize():
        # Configured sources (sources/<name>) run first, in a run of their own: a source that
        # fails fails its own step, the others land, and the second run still rebuilds everything
        # downstream from what landed (in one run, Dagster would skip it all).
        source_keys = [key for key in graph.get_all_asset_keys() if key.path[0] == "sources"]
        # Only the inbox, with nothing in it: its fetch finds nothing and cannot fail, so it
        # needs no run of its own (a Dagster run costs ~2 s before its first step).
        if not source_keys or (
            source_keys == [dg.AssetKey(["sources", INBOX_SOURCE])] and inbox_is_empty()
        ):
            return materialize_one(dg.AssetSelection.all())
        fetched = materialize_one(dg.AssetSelection.assets(*source_keys))
        rest = materialize_one(dg.AssetSelection.all() - dg.AssetSelection.assets(*source_keys))
        return _Runs([fetched, rest])

    if verbose:
        return materialize()
    # dagster-dbt echoes dbt's log to stdout: keep it in a file unless --verbose.
    with _run_log().open("w") as log, contextlib.redirect_stdout(log):
        return materialize()


class _Runs:
    """Several Dagster runs seen as one result (success, events, materializations); anything else
    is the last run's (its run_id is the one that built the marts)."""

    def __init__(self, results: list) -> None:
        self.results = results
        self.success = all(result.success for result in results)
        self.all_events = [event for result in results for event in result.all_events]

    def get_asset_materialization_events(self) -> list:
        return [e for result in self.results for e in result.get_asset_materialization_events()]

    def __getattr__(self, name: str):
        return getattr(self.results[-1], name)


def _ingest_metadata(result) -> dict:
    import dagster as dg

    key = dg.AssetKey(["raw", "articles"])
    for materialization in result.get_asset_materialization_events():
        mat = materialization.materialization
        if mat.asset_key == key:
            return {name: value.value for name, value in mat.metadata.items()}
    return {}


def _failed_checks(result) -> list[str]:
    """`asset: check` for each asset check that did not pass (WARN checks do not fail a run)."""
    out = []
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            out.append(
                f"{evaluation.asset_key.to_user_string()}: {evaluation.check_name} "
                f"({evaluation.severity.value})"
            )
    return out


def summary_text(db: Path, ingest: dict | None = None) -> str:
    """Row counts of raw tables and marts in the warehouse at `db`, and how to look further."""
    import duckdb

    from orchestration.defs.resources import default_db_path

    if not db.exists():
        raise CliError(f"no warehouse at {db}: run `readout run` first")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as error:
        raise CliError(f"cannot open {db}: {error}") from None
    try:
        existing = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }

        def count(table: str) -> str:
            if table not in existing:
                return "missing"
            return f"{con.execute(f'select count(*) from {table}').fetchone()[0]:,}"

        lines = [f"Warehouse: {db}", ""]
        articles = count("raw.articles")
        if ingest:
            lines.append(
                # the ingest asset reads input files; fetched sources land through their own assets
                f"Articles: {ingest.get('articles read', '?')} read from input files, "
                f"{ingest.get('new rows', '?')} new; {articles} in the warehouse"
            )
        else:
            lines.append(f"Articles: {articles} in the warehouse")
        lines.append(f"Sentences: {count('raw.sentences')}")
        lines.append("")
        lines.append("Event mentions (raw):")
        width = max(len(event.name) for event in EVENT_TYPES)
        for event in EVENT_TYPES:
            lines.append(f"  {event.name.ljust(width)}  {count('raw.' + event.table)}")
        lines.append("")
        lines.append("Marts (rows):")
        width = max(len(m) for m in MARTS) + len("marts.")
        for mart in MARTS:
            lines.append(f"  {('marts.' + mart).ljust(width)}  {count('marts.' + mart)}")
    finally:
        con.close()
    python = Path(sys.executable)
    if (python.parent / "python").exists():
        python = python.parent / "python"
    if python.is_relative_to(REPO_ROOT):
        python = python.relative_to(REPO_ROOT)
    lines += [
        "",
        "Look further:",
        "  make ui                  Dagster UI (lineage, runs, dbt tests as checks); open http://127.0.0.1:3000",
        "  readout summary" + ("" if db == default_db_path() else f" --db {db}"),
        f"  duckdb -readonly {db}    (DuckDB CLI, if installed), then e.g.",
        "      select meeting_date, participants, location from marts.fct_meetings order by meeting_date;",
        f"  {python} -c \"import duckdb; con = duckdb.connect('{db}', read_only=True); "
        "print(con.sql('from marts.meeting_counts'))\"",
        "  Stop any run or `make ui` first: DuckDB lets one process at a time hold the file.",
        f"  Or read the published copy, safe while runs go on: duckdb -readonly {db.parent / 'publish' / 'marts.duckdb'}",
        f"  Parquet: {db.parent / 'publish' / 'parquet'}/<mart>.parquet; the brief: {db.parent / 'publish' / 'brief.html'}",
    ]
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> int:
    from orchestration.defs.resources import default_db_path

    inputs = _validate_inputs(args.inputs) if args.inputs else None
    sources = None
    if args.sources:
        sources = Path(args.sources).expanduser().resolve()
        if not sources.is_file():
            raise CliError(f"sources file not found: {args.sources}")
        from orchestration.source_config import SourcesFileError, load_sources

        try:
            load_sources(sources)  # fail before anything starts
        except SourcesFileError as error:
            raise CliError(str(error)) from None
        inputs = inputs or []  # --sources alone: the configured sources, not the sample
    db = Path(args.db).expanduser().resolve() if args.db else default_db_path()
    if db.exists() and db.is_dir():
        raise CliError(f"--db must be a file path, not a directory: {db}")
    ensure_dagster_home()
    _quiet_warnings()

    started = time.monotonic()
    shown = ", ".join(str(p) for p in inputs) if inputs else "default inputs"
    if args.sources:
        shown = ", ".join([*(str(p) for p in inputs), f"the sources in {args.sources}"])
    print(f"readout: running the pipeline on {shown} -> {db}", flush=True)
    print(f"readout: ingest, extract, dbt build ({_expected_duration(inputs)}) ...", flush=True)
    from orchestration.warehouse_lock import hold_warehouse_lock

    def waiting(lock_file: Path) -> None:
        print(
            f"readout: another run is using {db} (lock {lock_file}); waiting for it to finish ...",
            flush=True,
        )

    # One run per warehouse file at a time: a second `readout run` queues here.
    with hold_warehouse_lock(db, on_wait=waiting) as waited:
        if waited > 0.5:
            print(f"readout: the other run finished after {waited:.0f}s; starting", flush=True)
        result = _materialize_all(
            db, inputs, args.reference_year, sources, args.full_refresh, args.verbose
        )
        # Read the counts before letting a waiting run in: a reader would block its writes.
        report = summary_text(db, _ingest_metadata(result)) if result.success else ""
    elapsed = time.monotonic() - started
    if not result.success:
        messages = _failure_messages(result)
        print(f"readout: run failed after {elapsed:.1f}s", file=sys.stderr)
        for message in messages:
            print(f"  {message}", file=sys.stderr)
        if not args.verbose:
            print(
                f"dbt's output: {_run_log()}; Dagster's log: readout run --verbose", file=sys.stderr
            )
        return 1
    print(f"readout: done in {elapsed:.1f}s (Dagster run {result.run_id})\n")
    for line in _failed_checks(result):
        print(f"readout: check warning: {line}")
    print(report)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from orchestration.defs.resources import default_db_path

    db = Path(args.db).expanduser().resolve() if args.db else default_db_path()
    from orchestration.warehouse_lock import hold_warehouse_lock

    def waiting(lock_file: Path) -> None:
        print(
            f"readout: a run is using {db}; waiting for it to finish ...",
            file=sys.stderr,
            flush=True,
        )

    if not db.exists():
        raise CliError(f"no warehouse at {db}: run `readout run` first")
    with hold_warehouse_lock(db, on_wait=waiting):
        text = summary_text(db)
    print(text)
    return 0


def eval_frames(db: Path) -> tuple[dict, "object"]:
    """The marts `readout eval` scores (and raw.articles for hard negatives), read-only from `db`."""
    import duckdb

    if not db.exists():
        raise CliError(f"no warehouse at {db}: run `readout run INPUT --db {db}` first")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as error:
        raise CliError(f"cannot open {db}: {error}") from None
    queries = {
        "meeting": "select * from marts.fct_meetings",
        "visit": "select * from marts.fct_visits",
        "partnership": "select * from marts.partnership_timeline",
        "anniversary": "select * from marts.anniversary_calendar where origin = 'mentioned'",
        # No mart has one row per founding date: distinct founding mentions from the raw layer.
        "founding": "select country_codes, base_date, date_precision, any_value(subject) as subject, "
        "min(evidence) as evidence, list(distinct article_id) as article_ids "
        "from raw.founding_mentions group by all",
    }
    try:
        predicted = {event_type: con.sql(query).pl() for event_type, query in queries.items()}
        articles = con.sql("select article_id, source from raw.articles").pl()
    except duckdb.Error as error:
        raise CliError(f"{db} has no complete marts ({error}); run `readout run` first") from None
    finally:
        con.close()
    return predicted, articles


def cmd_eval(args: argparse.Namespace) -> int:
    from orchestration.defs.resources import default_db_path
    from transform.evaluate.gold import GoldError, evaluate, load_gold, report

    db = Path(args.db).expanduser().resolve() if args.db else default_db_path()
    try:
        gold = load_gold(args.gold)
    except GoldError as error:
        raise CliError(str(error)) from None
    predicted, articles = eval_frames(db)
    inputs = gold.get("inputs") or []
    print(f"readout: scoring {db} against {args.gold} ({gold.get('name') or 'gold'})")
    if inputs:
        year = f" --reference-year {gold['reference_year']}" if gold.get("reference_year") else ""
        print(
            f"readout: the gold annotates {', '.join(inputs)}; the warehouse must hold exactly that "
            f"(readout run {' '.join(inputs)} --db {db}{year})"
        )
    print()
    print(report(evaluate(gold, predicted, articles)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readout", description="Turn diplomatic news into a queryable DuckDB warehouse."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run",
        help="ingest inputs and rebuild every table (through Dagster)",
        description="Ingest INPUT files (default: READOUT_INPUTS, else the sample corpus), "
        "extract events and build the marts.",
    )
    run.add_argument("inputs", nargs="*", metavar="INPUT", help="text dump or article file(s)")
    run.add_argument(
        "--db", help="DuckDB file (default: READOUT_DB, else warehouse/readout.duckdb)"
    )
    run.add_argument(
        "--reference-year",
        type=int,
        help="year for articles that give no year anywhere (an article's own year always wins)",
    )
    run.add_argument(
        "--sources",
        metavar="FILE",
        help="sources.yaml of feeds, WordPress sites, pages and folders to fetch "
        "(default: READOUT_SOURCES, else sources.yaml if present); alone, no input files",
    )
    run.add_argument(
        "--full-refresh",
        action="store_true",
        help="extract events from all articles again, not only new or changed ones "
        "(same as READOUT_FULL_REFRESH=1)",
    )
    run.add_argument("-v", "--verbose", action="store_true", help="show Dagster's and dbt's log")
    run.set_defaults(func=cmd_run)

    summary = commands.add_parser("summary", help="row counts of the raw tables and marts")
    summary.add_argument(
        "--db", help="DuckDB file (default: READOUT_DB, else warehouse/readout.duckdb)"
    )
    summary.set_defaults(func=cmd_summary)

    evaluate = commands.add_parser(
        "eval",
        help="score the marts against a hand-annotated gold file (P/R/F1, misses, extras)",
        description="Compare the warehouse's marts with GOLD (tests/gold/*.json) and print precision, "
        "recall and F1 per event type, then every miss and extra with its evidence. It does not run "
        "the pipeline: first `readout run <the gold's inputs> --db X`, then `readout eval GOLD --db X`.",
    )
    evaluate.add_argument(
        "gold", metavar="GOLD", help="gold JSON file, e.g. tests/gold/sample-2024q4.json"
    )
    evaluate.add_argument(
        "--db", help="DuckDB file (default: READOUT_DB, else warehouse/readout.duckdb)"
    )
    evaluate.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as error:
        print(f"readout: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("readout: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `readout summary | head`
        sys.stderr.close()
        return 0
    except Exception as error:
        if getattr(args, "verbose", False):
            raise
        root = error
        while root.__cause__ is not None:
            root = root.__cause__
        print(f"readout: {type(root).__name__}: {root}", file=sys.stderr)
        if hasattr(args, "verbose"):
            print("readout: run again with --verbose for the traceback", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
