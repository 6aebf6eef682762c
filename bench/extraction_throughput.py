"""Extraction throughput: the sample corpus replicated to a target size, through every extractor.

    .venv/bin/python bench/extraction_throughput.py [--mb 50]

The dump split is timed on the text replicated to the size; the extractors on the sample's
articles replicated to the same size with per-copy ids. Prints the size, the time of each step (text dump
split, sentence split, each event extractor alone, then all of them together as the pipeline runs
them: transform.extract.events) and MB/s. Figures, not asserts:
speed targets live here, never in tests.
"""

import argparse
import os
import platform
import re
import sys
import time
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transform.extract.anniversaries import extract_anniversary_mentions, extract_founding_mentions  # noqa: E402
from transform.extract.engine import collect  # noqa: E402
from transform.extract.events import extract_events  # noqa: E402
from transform.extract.meetings import extract_meeting_mentions  # noqa: E402
from transform.extract.partnerships import extract_partnership_mentions  # noqa: E402
from transform.extract.sentences import split_sentences  # noqa: E402
from transform.extract.shared import Shared  # noqa: E402
from transform.extract.visits import extract_visit_mentions  # noqa: E402
from transform.parse.textdump import split_text_dump  # noqa: E402

SAMPLE = REPO / "data" / "sample" / "sample-2024q4.txt"


def replicated(text: str, target_bytes: int) -> str:
    # Titles are the lines that "Continue reading <title>" names, plus reprint titles; suffixing
    # every short line without final punctuation keeps the splitter's view of the dump unchanged.
    copies, size, parts = 0, 0, []
    while size < target_bytes:
        copy = re.sub(r"(?m)^([A-Z][^\n.!?:,;”\"]{3,150})$", rf"\1 #{copies}", text)
        parts.append(copy)
        size += len(copy.encode())
        copies += 1
    return "\n\n".join(parts)


def timed(label: str, fn, mb: float, results: list):
    start = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - start
    results.append((label, seconds, out.height))
    print(
        f"{label:<24} {seconds:8.2f} s  {mb / seconds:8.1f} MB/s  {out.height:>9,} rows", flush=True
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB (default 50)")
    args = parser.parse_args()
    text = replicated(SAMPLE.read_text(encoding="utf-8"), int(args.mb * 1_000_000))
    mb = len(text.encode()) / 1_000_000
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" polars {pl.__version__}"
    )
    print(f"corpus: {mb:.1f} MB (sample replicated)\n")
    results: list = []
    timed("split text dump", lambda: split_text_dump(text, "bench.txt"), mb, results)
    # Extraction input: the sample's articles once per copy, with ids made distinct per copy (some
    # titles end in "?!" or hold a colon, so the text copies above can repeat an id).
    one = split_text_dump(SAMPLE.read_text(encoding="utf-8"), "bench.txt")
    copies = max(1, round(mb * 1_000_000 / one["body"].str.len_bytes().sum()))
    articles = pl.concat(
        [
            one.with_columns(
                pl.col("article_id") + f"-{i}",
                pl.col("parent_article_id") + f"-{i}",
            )
            for i in range(copies)
        ]
    )
    sentences = timed(
        "split sentences", lambda: collect(split_sentences(articles.lazy())), mb, results
    )
    s, a = sentences.lazy(), articles.lazy()
    # Each extractor alone (computing what it shares with others itself), for the per-type figures;
    # then all together as the pipeline runs them, which is what the total counts.
    print("each extractor alone (not in the total):")
    alone: list = []
    timed("  meetings", lambda: collect(extract_meeting_mentions(s, a)), mb, alone)
    timed("  visits", lambda: collect(extract_visit_mentions(s, a)), mb, alone)
    timed("  partnerships", lambda: collect(extract_partnership_mentions(s, Shared(s))), mb, alone)
    timed("  anniversaries", lambda: collect(extract_anniversary_mentions(s)), mb, alone)
    timed("  foundings", lambda: collect(extract_founding_mentions(s)), mb, alone)
    timed(
        "all events together",
        lambda: pl.DataFrame({"rows": [f.height for f in extract_events(s, a).values()]}),
        mb,
        results,
    )
    extraction = sum(sec for label, sec, _ in results[1:])
    total = sum(sec for _, sec, _ in results)
    print(f"\nextraction (sentences + events): {extraction:.1f} s, {mb / extraction:.2f} MB/s")
    print(f"with the dump split:              {total:.1f} s, {mb / total:.2f} MB/s")


if __name__ == "__main__":
    main()
