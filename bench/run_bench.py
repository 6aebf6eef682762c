"""Benchmark: synthetic corpora of 10 MB, 100 MB, 1 GB through ingest, extraction, dbt and the CLI.

    .venv/bin/python bench/run_bench.py [--sizes 10,100,1000] [--write] [--seed 7]
    make bench [BENCH_ARGS="--sizes 10,100 --write"]

For each size: generate the corpus (bench/generate_corpus.py, cached in bench/.cache/), then, each
step in a child process of its own (its peak RSS read with os.wait4, children included):
- `pipeline`: `readout run <corpus> --db <tmp>` end to end. Ingest, extraction (raw.sentences and
  the event_mentions step) and dbt seconds are that run's own Dagster step timings, so the MB/s
  figures include reading from and writing to DuckDB. Then the raw tables and marts are counted
  against the generator's known counts;
- `incremental`: a daily run: `readout run <extra>` on the same warehouse, the extra dump holding
  1 % new articles; its time against the full run's;
- `unchanged`: the same command again, when nothing is new: what a daily run costs at this size
  before any new article (start-up, dbt's rebuild of the marts, checks, publishing). The
  incremental run minus this one is the cost of the new articles themselves;
- `naive`: bench/naive_extraction.py (a Python loop over articles, `re` per sentence, meeting and
  visit rules) on the first --naive-max-mb MB of articles, and the vectorized extraction of all five
  event types (transform.extract.events, in the pipeline's batches) on the same articles; the ratio is
  naive ÷ vectorized, the vectorized side doing more work.

Guards, so a run never exhausts the machine: a step is skipped (and the table says why) when less
than --min-free-gb of memory is available, or when its time projected linearly from the previous
size exceeds --max-step-minutes. Memory is not projected: every step is bounded by batches.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
CACHE = BENCH / ".cache"
PY = sys.executable
READOUT = str(Path(PY).with_name("readout"))
YEAR = 2024
STEPS = ("pipeline", "incremental", "unchanged", "naive")


# ---------------------------------------------------------------------------------------------
# Child steps (run as `run_bench.py --child STEP CORPUS`): print one JSON line.


def _articles(corpus: Path, max_mb: float):
    """The corpus's first articles, as the pipeline reads them, up to `max_mb` MB of bodies."""
    import polars as pl

    from transform.parse.articlefiles import input_batches

    frames, size = [], 0
    for batch in input_batches([corpus], reference_year=YEAR):
        sizes = batch["body"].str.len_bytes().cum_sum() + size
        frames.append(batch.filter(sizes <= max_mb * 1e6))
        size = sizes[-1]
        if size > max_mb * 1e6:
            break
    return pl.concat(frames).unique("article_id", keep="first", maintain_order=True)


def _extract_batches(articles) -> tuple[dict, dict]:
    """Sentences + every extractor over `articles` in the pipeline's batches
    (READOUT_EXTRACT_BATCH); (seconds per step, rows per table)."""
    from orchestration.defs.extract import batch_size
    from transform.extract.engine import collect
    from transform.extract.events import extract_events
    from transform.extract.sentences import split_sentences

    timings = {"sentences": 0.0, "events": 0.0}
    rows: dict = {}
    for start in range(0, articles.height, batch_size()):
        batch = articles.slice(start, batch_size()).lazy()
        t = time.perf_counter()
        sentences = collect(split_sentences(batch))
        timings["sentences"] += time.perf_counter() - t
        t = time.perf_counter()
        events = extract_events(sentences.lazy(), batch)
        timings["events"] += time.perf_counter() - t
        rows["sentences"] = rows.get("sentences", 0) + sentences.height
        for table, frame in events.items():
            rows[table] = rows.get(table, 0) + frame.height
    return timings, rows


def child_naive(corpus: Path, max_mb: float) -> dict:
    """The Python loop on the first `max_mb` MB of articles, and the vectorized extraction (all five
    extractors, more work than the loop's meetings and visits) on the same articles."""
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(BENCH))
    import naive_extraction
    import polars as pl

    articles = _articles(corpus, max_mb)
    pairs = list(zip(articles["article_id"].to_list(), articles["body"].to_list(), strict=True))
    start = time.perf_counter()
    meetings, visits = naive_extraction.extract(pairs, YEAR)
    naive_s = time.perf_counter() - start
    timings, rows = _extract_batches(articles)
    return {
        "naive_s": naive_s,
        "naive_mb": articles["body"].str.len_bytes().sum() / 1e6,
        "naive_articles": articles.height,
        "meetings_rows": len(meetings),
        "visits_rows": len(visits),
        "vectorized_s": sum(timings.values()),
        "vectorized_meetings_rows": rows.get("meeting_mentions", 0),
        "vectorized_visits_rows": rows.get("visit_mentions", 0),
        "polars": pl.__version__,
    }


# ---------------------------------------------------------------------------------------------
# Parent


def run_child(
    args: list[str], env: dict | None = None, log: Path | None = None
) -> tuple[int, float, float, str]:
    """Run a command; (returncode, seconds, peak RSS in MB of it and its reaped descendants, stdout)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(
            args,
            stdout=out,
            stderr=(log.open("w") if log else subprocess.DEVNULL),
            env=env,
            cwd=REPO,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        return proc.returncode, seconds, usage.ru_maxrss / 1024, out.read()


def corpus_for(mb: float, seed: int) -> Path:
    path = CACHE / f"corpus-{mb:g}mb-seed{seed}.txt"
    if not path.exists() or not Path(f"{path}.counts.json").exists():
        print(f"  generating {path.name} ...", flush=True)
        sys.path.insert(0, str(BENCH))
        from generate_corpus import generate

        generate(path, mb, seed, YEAR)
    return path


def mem_available_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    total = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    import duckdb
    import polars

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": round(total / 1024 / 1024, 1),
        "python": platform.python_version(),
        "polars": polars.__version__,
        "duckdb": duckdb.__version__,
        "os": platform.platform(),
        "date": dt.date.today().isoformat(),
    }


def step_seconds(dagster_home: Path, run_id: str) -> dict:
    """Seconds of each step of a Dagster run ({} if the run's records cannot be read)."""
    code = (
        "import dagster as dg, json, sys\n"
        "inst = dg.DagsterInstance.get()\n"
        "stats = inst.get_run_step_stats(sys.argv[1])\n"
        "print(json.dumps({s.step_key: (s.end_time or 0) - (s.start_time or 0) for s in stats}))\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(dagster_home)}
    proc = subprocess.run(
        [PY, "-c", code, run_id], capture_output=True, text=True, env=env, cwd=REPO
    )
    if proc.returncode:
        return {}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def phases(steps: dict) -> dict:
    """Ingest, extraction and dbt seconds from a run's step timings."""

    def total(*names: str) -> float | None:
        found = [sec for key, sec in steps.items() if any(n in key for n in names)]
        return sum(found) if found else None

    return {
        "ingest_s": total("raw__articles"),
        "extract_s": total("raw__sentences", "event_mentions"),
        "dbt_s": total("dbt"),
        "steps": steps,
    }


def warehouse_counts(db: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    q = {
        "articles": "select count(*) from raw.articles",
        "raw_meetings": "select count(*) from raw.meeting_mentions",
        "raw_visits": "select count(*) from raw.visit_mentions",
        "raw_partnerships": "select count(*) from raw.partnership_mentions",
        "raw_anniversaries": "select count(*) from raw.anniversary_mentions",
        "meetings": "select count(*) from marts.fct_meetings",
        # the generator counts a call and a meeting of one pair on one day as one meeting
        "meetings_distinct": "select count(*) from (select distinct meeting_date, participants "
        "from marts.fct_meetings)",
        "visits": "select count(*) from marts.fct_visits",
        "partnerships": "select count(*) from marts.partnership_timeline",
        "anniversaries": "select count(*) from marts.anniversary_calendar where origin = 'mentioned'",
    }
    out = {}
    for key, sql in q.items():
        try:
            out[key] = con.execute(sql).fetchone()[0]
        except Exception as error:  # noqa: BLE001 - a renamed table must not lose the whole row
            out[key] = f"error: {type(error).__name__}"
    con.close()
    return out


def guard(step: str, mb: float, prev: dict | None, args) -> str | None:
    """Why the step must be skipped at this size (None: run it).

    Memory is bounded by design (ingest and extraction go in batches, the naive loop reads at
    most --naive-max-mb), so only time is projected: linearly from the previous size.
    """
    if step in args.skip:
        return "not requested (--skip)"
    if mem_available_gb() < args.min_free_gb:
        return f"less than {args.min_free_gb:g} GB of memory available"
    if prev is None or step not in prev or prev[step].get("skipped"):
        return None
    scale = mb / prev["mb"] if step != "naive" else 1
    minutes = prev[step]["seconds"] * scale / 60
    if minutes > args.max_step_minutes:
        return f"projected {minutes:.0f} min > --max-step-minutes {args.max_step_minutes:g}"
    return None


def bench_size(mb: float, args, prev: dict | None) -> dict:
    corpus = corpus_for(mb, args.seed)
    counts = json.loads(Path(f"{corpus}.counts.json").read_text())
    real_mb = corpus.stat().st_size / 1e6
    row: dict = {"mb": real_mb, "articles_expected": counts["articles"], "known": counts}
    logs = CACHE / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    for step in STEPS:
        reason = guard(step, mb, prev, args)
        if reason:
            row[step] = {"skipped": reason}
            print(f"  {step}: skipped ({reason})", flush=True)
            continue
        print(f"  {step} ...", flush=True)
        log = logs / f"{corpus.stem}-{step}.log"
        if step == "naive":
            rc, sec, rss, out = run_child(
                ["nice", PY, __file__, "--child", step, str(corpus), str(args.naive_max_mb)],
                log=log,
            )
            data = (
                json.loads(out.strip().splitlines()[-1])
                if rc == 0
                else {"error": f"rc {rc}, {log}"}
            )
        elif step == "pipeline":
            work = Path(tempfile.mkdtemp(prefix="readout-bench-"))
            row["_work"] = work
            env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home")}
            rc, sec, rss, out = run_child(
                [
                    "nice",
                    READOUT,
                    "run",
                    str(corpus),
                    "--db",
                    str(work / "bench.duckdb"),
                    "--reference-year",
                    str(YEAR),
                ],
                env=env,
                log=log,
            )
            data = {"returncode": rc}
            run = re.search(r"Dagster run ([0-9a-f-]{36})", out)
            if rc == 0 and run:
                data.update(phases(step_seconds(work / "dagster_home", run.group(1))))
                data["counts"] = warehouse_counts(work / "bench.duckdb")
            elif rc:
                data["error"] = f"rc {rc}, see {log}"
        else:  # incremental, unchanged
            work = row.get("_work")
            if not work or row["pipeline"].get("returncode") != 0:
                row[step] = {"skipped": "needs the full run's warehouse"}
                continue
            extra = CACHE / f"extra-{mb:g}mb-seed{args.seed + 1000}.txt"
            if not extra.exists():
                sys.path.insert(0, str(BENCH))
                from generate_corpus import generate

                generate(extra, real_mb / 100, args.seed + 1000, YEAR)
            env = {**os.environ, "DAGSTER_HOME": str(work / "dagster_home")}
            # A daily run: only the new file, into the warehouse that holds the corpus (the second
            # time, `unchanged`, it holds the file's articles already).
            rc, sec, rss, out = run_child(
                [
                    "nice",
                    READOUT,
                    "run",
                    str(extra),
                    "--db",
                    str(work / "bench.duckdb"),
                    "--reference-year",
                    str(YEAR),
                ],
                env=env,
                log=log,
            )
            data = {"returncode": rc}
            run = re.search(r"Dagster run ([0-9a-f-]{36})", out)
            if rc == 0 and run:
                data.update(phases(step_seconds(work / "dagster_home", run.group(1))))
        row[step] = {"seconds": sec, "rss_mb": rss, **data}
        print(f"    {sec:.1f} s, peak RSS {rss:.0f} MB", flush=True)
    work = row.pop("_work", None)
    if work and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return row


def fmt(value, spec: str, missing: str = "—") -> str:
    return missing if value is None else format(value, spec)


def table(rows: list[dict]) -> str:
    head = (
        "| corpus | articles | ingest MB/s | extraction MB/s | dbt build s | end-to-end s | "
        "peak RSS | +1 % incremental s (÷ full) | nothing new s | naive loop s (on MB) "
        "| vectorized, same articles s | naive ÷ vectorized |"
    )
    lines = [head, "|" + "|".join(["---"] * 12) + "|"]
    for r in rows:
        p, i, u, n = (r.get(k, {}) for k in STEPS)
        ok = p.get("returncode") == 0
        ing = r["mb"] / p["ingest_s"] if ok and p.get("ingest_s") else None
        ext = r["mb"] / p["extract_s"] if ok and p.get("extract_s") else None
        ratio = n["naive_s"] / n["vectorized_s"] if "naive_s" in n else None
        full = p.get("seconds") if ok else None
        if "seconds" in i and i.get("returncode") == 0:
            inc = f"{i['seconds']:.0f}" + (f" ({i['seconds'] / full:.0%})" if full else "")
        else:
            inc = (i.get("skipped") and "skipped") or "—"
        same = (
            f"{u['seconds']:.0f}"
            if "seconds" in u and u.get("returncode") == 0
            else (u.get("skipped") and "skipped") or "—"
        )
        naive = (
            f"{n['naive_s']:.0f} ({n['naive_mb']:.3g} MB)"
            if "naive_s" in n
            else (n.get("skipped") and "skipped") or "—"
        )
        articles = (p.get("counts") or {}).get("articles", r["articles_expected"])
        lines.append(
            f"| {r['mb']:.0f} MB | {articles:,} | {fmt(ing, '.1f')} | {fmt(ext, '.1f')} "
            f"| {fmt(p.get('dbt_s'), '.0f')} | {fmt(full, '.0f')} "
            f"| {fmt(p.get('rss_mb') and p['rss_mb'] / 1024, '.2f')} GB | {inc} | {same} "
            f"| {naive} | {fmt(n.get('vectorized_s'), '.1f')} | {fmt(ratio, '.1f')}× |"
        )
    return "\n".join(lines)


def notes(rows: list[dict]) -> str:
    out = []
    for r in rows:
        for step in STEPS:
            d = r.get(step, {})
            if d.get("skipped"):
                out.append(f"- {r['mb']:.0f} MB, {step}: not run — {d['skipped']}.")
            elif d.get("error"):
                out.append(f"- {r['mb']:.0f} MB, {step}: failed — {d['error']}.")
        p, k, n = r.get("pipeline", {}), r["known"], r.get("naive", {})
        if "counts" in p:
            c = p["counts"]
            out.append(
                f"- {r['mb']:.0f} MB accuracy (warehouse vs generator): raw mentions meetings "
                f"{c['raw_meetings']}/{k['mentions']['meeting']}, visits {c['raw_visits']}/"
                f"{k['mentions']['visit']}, partnerships {c['raw_partnerships']}/"
                f"{k['mentions']['partnership']}, anniversaries {c['raw_anniversaries']}/"
                f"{k['mentions']['anniversary']}; marts fct_meetings {c['meetings']} rows, "
                f"{c['meetings_distinct']} distinct (date, participants)/{k['events']['meetings']}, fct_visits {c['visits']}/{k['events']['visits']}, "
                f"partnership_timeline {c['partnerships']}/{k['events']['partnerships']}, "
                f"anniversary_calendar (mentioned) {c['anniversaries']}/{k['events']['anniversaries']}."
            )
        if p.get("steps"):
            out.append(
                f"- {r['mb']:.0f} MB run, seconds per Dagster step: "
                + ", ".join(f"{key} {sec:.1f}" for key, sec in p["steps"].items() if sec >= 0.5)
                + "."
            )
        if "naive_s" in n:
            out.append(
                f"- {r['mb']:.0f} MB naive loop on the first {n['naive_articles']:,} articles "
                f"({n['naive_mb']:.1f} MB): meetings {n['meetings_rows']:,} / visits "
                f"{n['visits_rows']:,} rows in {n['naive_s']:.1f} s; the vectorized extraction "
                f"(all five extractors) of the same articles: meetings "
                f"{n['vectorized_meetings_rows']:,} / visits {n['vectorized_visits_rows']:,} in "
                f"{n['vectorized_s']:.1f} s."
            )
        for step, label in (("incremental", "incremental run"), ("unchanged", "nothing-new run")):
            i = r.get(step, {})
            if i.get("steps"):
                out.append(
                    f"- {r['mb']:.0f} MB {label} ({i['seconds']:.1f} s), seconds per "
                    "Dagster step: "
                    + ", ".join(f"{key} {sec:.1f}" for key, sec in i["steps"].items() if sec >= 0.5)
                    + "."
                )
    return "\n".join(out)


def write_benchmarks(rows: list[dict], info: dict, sizes_arg: str) -> None:
    path = REPO / "BENCHMARKS.md"
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    block = "\n".join(
        [
            begin,
            f"### `make bench` (`--sizes {sizes_arg}`), {info['date']}",
            "",
            f"Machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB RAM; {info['os']}; "
            f"Python {info['python']}, polars {info['polars']}, duckdb {info['duckdb']}.",
            "",
            table(rows),
            "",
            notes(rows),
            "",
            end,
        ]
    )
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in text and end in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
    else:
        text = (text.rstrip() + "\n\n" if text else "# Benchmarks\n\n") + block + "\n"
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child_naive(Path(sys.argv[3]), float(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="10,100,1000", help="corpus sizes in MB (default 10,100,1000)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument(
        "--skip", default="", help=f"steps to leave out, comma-separated: {','.join(STEPS)}"
    )
    parser.add_argument(
        "--min-free-gb",
        type=float,
        default=8.0,
        help="skip steps when less memory than this is available (default 8)",
    )
    parser.add_argument("--max-step-minutes", type=float, default=30.0)
    parser.add_argument(
        "--naive-max-mb",
        type=float,
        default=20.0,
        help="the Python-loop extraction reads at most this much (default 20)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary warehouses")
    args = parser.parse_args()
    args.skip = {s for s in args.skip.split(",") if s}
    info = machine()
    print(
        f"machine: {info['cpu']}, {info['cores']} cores, {info['ram_gb']} GB; Python {info['python']},"
        f" polars {info['polars']}, duckdb {info['duckdb']}",
        flush=True,
    )
    rows, prev = [], None
    for mb in [float(s) for s in args.sizes.split(",") if s]:
        print(f"\n{mb:g} MB:", flush=True)
        row = bench_size(mb, args, prev)
        rows.append(row)
        prev = row
        (CACHE / "results.json").write_text(json.dumps(rows, indent=2, default=str))
        if args.write:  # after every size, so a long run that is stopped still leaves its figures
            write_benchmarks(rows, info, args.sizes)
    print()
    print(table(rows))
    print()
    print(notes(rows))


if __name__ == "__main__":
    main()
