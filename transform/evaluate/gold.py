"""Score the pipeline's marts against a hand-annotated gold file (pure polars, no Dagster/DuckDB).

A gold file (`tests/gold/*.json`, schema in `tests/gold/README.md`) lists, per event type, the
events a careful reader finds in a corpus, each with its evidence sentence(s). `evaluate()` compares
them with the rows of the marts (given as polars frames, see `PREDICTED_COLUMNS`) and returns
precision, recall and F1 per event type, with the misses (gold items no row matches) and the extras
(rows that match no gold item), each with its evidence.

Matching rules (one-to-one: a gold item matches at most one row and a row at most one item):

- meeting: same date (same `date` and same `date_precision`, or both unknown), same set of
  country codes and same set of participant names;
- visit: same visitor name, same host country, same start date (date and precision, or both unknown);
- partnership: same unordered country pair, label and action; and, when the gold date has day
  precision, the row's date is that day with day precision;
- anniversary: same set of country codes, ordinal and anniversary year;
- founding: same set of country codes and same date (date and precision).

Names are compared after Unicode accent folding, case folding and whitespace collapsing ("Lazo
Hernández" = "lazo hernandez"); codes, labels and actions after trimming and lower-casing labels.
Gold items marked `"optional": true` are debatable: a row that matches one counts neither as a hit
nor as an extra, and an unmatched optional item is not a miss. Rows with a `null`-date and gold with
an unknown date agree; a known date never matches an unknown one.

Gold may also list `negatives`: article files that must yield no event of a type (hard negatives such
as a planned meeting or a wreath-laying). Given the articles frame (`article_id`, `source`), every row
whose `article_ids` include such an article is reported in `EvalResult.negative_violations`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

EVENT_TYPES = ("meeting", "visit", "partnership", "anniversary", "founding")
GOLD_SECTIONS = {
    "meeting": "meetings",
    "visit": "visits",
    "partnership": "partnerships",
    "anniversary": "anniversaries",
    "founding": "foundings",
}
# Columns evaluate() reads from each predicted frame (the marts' names; founding from
# raw.founding_mentions, which has no mart of its own). `article_ids` and `evidence` are optional.
PREDICTED_COLUMNS = {
    "meeting": ("meeting_date", "date_precision", "country_codes", "participants"),
    "visit": ("visitor_name", "host_country", "start_date", "date_precision"),
    "partnership": (
        "country_a",
        "country_b",
        "partnership_label",
        "action",
        "effective_date",
        "date_precision",
    ),
    "anniversary": ("country_codes", "ordinal", "anniversary_year"),
    "founding": ("country_codes", "base_date", "date_precision"),
}


class GoldError(ValueError):
    """The gold file is missing or malformed."""


# --- loading -------------------------------------------------------------------------------------


def load_gold(path: str | Path) -> dict:
    """Read and check a gold JSON file; returns the parsed dict."""
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"gold file not found: {path}") from None
    except json.JSONDecodeError as error:
        raise GoldError(f"{path} is not valid JSON: {error}") from None
    if not isinstance(gold, dict):
        raise GoldError(f"{path}: expected a JSON object")
    for event_type, section in GOLD_SECTIONS.items():
        items = gold.setdefault(section, [])
        if not isinstance(items, list):
            raise GoldError(f"{path}: '{section}' must be a list")
        for i, item in enumerate(items):
            missing = [k for k in _GOLD_REQUIRED[event_type] if k not in item]
            if missing:
                raise GoldError(f"{path}: {section}[{i}] lacks {', '.join(missing)}")
            if not item.get("evidence"):
                raise GoldError(f"{path}: {section}[{i}] has no evidence")
    gold.setdefault("negatives", [])
    return gold


_GOLD_REQUIRED = {
    "meeting": ("date", "date_precision", "country_codes", "participants"),
    "visit": ("visitor_name", "host_country", "start_date", "date_precision"),
    "partnership": (
        "country_a",
        "country_b",
        "partnership_label",
        "action",
        "effective_date",
        "date_precision",
    ),
    "anniversary": ("country_codes", "ordinal", "anniversary_year"),
    "founding": ("country_codes", "date", "date_precision"),
}


# --- normalisation into comparable keys ----------------------------------------------------------


def fold_name(name: str | None) -> str:
    """Accent-, case- and whitespace-insensitive form of a name."""
    if name is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().replace("’", "'").split())


def _set_key(col: str, fold: bool = False) -> pl.Expr:
    values = pl.col(col).fill_null([]).list.eval(pl.element().cast(pl.Utf8).str.strip_chars())
    if fold:
        values = values.list.eval(pl.element().map_elements(fold_name, return_dtype=pl.Utf8))
    return values.list.unique().list.sort().list.join("|")


def _date_key(date_col: str, precision_col: str) -> pl.Expr:
    precision = pl.col(precision_col).fill_null("unknown").str.to_lowercase()
    unknown = pl.col(date_col).is_null() | (precision == "unknown")
    return (
        pl.when(unknown)
        .then(pl.lit("unknown"))
        .otherwise(pl.col(date_col).cast(pl.Utf8) + pl.lit("/") + precision)
    )


def _keys(event_type: str, frame: pl.DataFrame, *, gold: bool) -> pl.DataFrame:
    """Add `key` (what must agree) and, for partnerships, `key_loose` (without the date)."""
    if event_type == "meeting":
        date_col = "date" if gold else "meeting_date"
        key = pl.concat_str(
            [
                _date_key(date_col, "date_precision"),
                _set_key("country_codes"),
                _set_key("participants", fold=True),
            ],
            separator=" ; ",
        )
    elif event_type == "visit":
        key = pl.concat_str(
            [
                pl.col("visitor_name").map_elements(fold_name, return_dtype=pl.Utf8).fill_null(""),
                pl.col("host_country").fill_null("").str.strip_chars(),
                _date_key("start_date", "date_precision"),
            ],
            separator=" ; ",
        )
    elif event_type == "partnership":
        a = pl.col("country_a").fill_null("").str.strip_chars()
        b = pl.col("country_b").fill_null("").str.strip_chars()
        pair = pl.concat_str([pl.min_horizontal(a, b), pl.max_horizontal(a, b)], separator="|")
        label = pl.col("partnership_label").fill_null("").str.strip_chars().str.to_lowercase()
        action = pl.col("action").fill_null("").str.strip_chars().str.to_lowercase()
        loose = pl.concat_str([pair, label, action], separator=" ; ")
        day = pl.col("effective_date").cast(pl.Utf8).fill_null("?")
        is_day = pl.col("date_precision").fill_null("unknown").str.to_lowercase() == "day"
        return frame.with_columns(
            key_loose=loose,
            key=pl.concat_str(
                [
                    loose,
                    pl.when(is_day & pl.col("effective_date").is_not_null())
                    .then(day)
                    .otherwise(pl.lit("-")),
                ],
                separator=" ; ",
            ),
        )
    elif event_type == "anniversary":
        key = pl.concat_str(
            [
                _set_key("country_codes"),
                pl.col("ordinal").cast(pl.Utf8).fill_null("?"),
                pl.col("anniversary_year").cast(pl.Utf8).fill_null("?"),
            ],
            separator=" ; ",
        )
    elif event_type == "founding":
        date_col = "date" if gold else "base_date"
        key = pl.concat_str(
            [_set_key("country_codes"), _date_key(date_col, "date_precision")], separator=" ; "
        )
    else:  # pragma: no cover
        raise ValueError(event_type)
    return frame.with_columns(key=key)


# --- frames --------------------------------------------------------------------------------------


_GOLD_SCHEMAS = {
    "meeting": {
        "date": pl.Date,
        "date_precision": pl.Utf8,
        "meeting_kind": pl.Utf8,
        "country_codes": pl.List(pl.Utf8),
        "participants": pl.List(pl.Utf8),
    },
    "visit": {
        "visitor_name": pl.Utf8,
        "visitor_country": pl.Utf8,
        "host_country": pl.Utf8,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "date_precision": pl.Utf8,
    },
    "partnership": {
        "country_a": pl.Utf8,
        "country_b": pl.Utf8,
        "partnership_label": pl.Utf8,
        "action": pl.Utf8,
        "effective_date": pl.Date,
        "date_precision": pl.Utf8,
    },
    "anniversary": {
        "subject": pl.Utf8,
        "country_codes": pl.List(pl.Utf8),
        "ordinal": pl.Int64,
        "anniversary_year": pl.Int64,
    },
    "founding": {
        "subject": pl.Utf8,
        "country_codes": pl.List(pl.Utf8),
        "date": pl.Date,
        "date_precision": pl.Utf8,
    },
}
_COMMON = {
    "gold_id": pl.Utf8,
    "optional": pl.Boolean,
    "article": pl.Utf8,
    "note": pl.Utf8,
    "evidence": pl.List(pl.Utf8),
}
_DATE_FIELDS = {"date", "start_date", "end_date", "effective_date"}


def gold_frame(gold: dict, event_type: str) -> pl.DataFrame:
    """The gold items of one type as a frame (dates parsed, `gold_id`, `optional`, `evidence`)."""
    schema = {**_GOLD_SCHEMAS[event_type], **_COMMON}
    rows = []
    for i, item in enumerate(gold.get(GOLD_SECTIONS[event_type], [])):
        row = {}
        for name in schema:
            value = item.get(name)
            if name == "meeting_kind":
                value = item.get("kind", item.get("meeting_kind"))
            elif name == "gold_id":
                value = str(item.get("id") or f"{event_type[0]}{i + 1:02d}")
            elif name == "optional":
                value = bool(item.get("optional", False))
            elif name == "evidence":
                value = [value] if isinstance(value, str) else list(value or [])
            elif name in _DATE_FIELDS and value is not None:
                value = _parse_date(value)
            row[name] = value
        rows.append(row)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _parse_date(value: str):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise GoldError(f"not an ISO date: {value!r}") from None


def _prepare_predicted(event_type: str, frame: pl.DataFrame | None) -> pl.DataFrame:
    needed = PREDICTED_COLUMNS[event_type]
    if frame is None:
        frame = pl.DataFrame()
    missing = [c for c in needed if c not in frame.columns]
    if missing and frame.height:
        raise ValueError(f"predicted {event_type} frame lacks {', '.join(missing)}")
    if missing:  # an empty frame with no columns: give it the expected shape
        dtypes = {**_GOLD_SCHEMAS[event_type], "meeting_date": pl.Date, "base_date": pl.Date}
        frame = pl.DataFrame(schema={c: dtypes.get(c, pl.Utf8) for c in needed})
    if "evidence" not in frame.columns:
        frame = frame.with_columns(evidence=pl.lit(None, dtype=pl.Utf8))
    if "article_ids" not in frame.columns:
        frame = frame.with_columns(article_ids=pl.lit(None, dtype=pl.List(pl.Utf8)))
    return frame.with_row_index("row_nr")


# --- matching ------------------------------------------------------------------------------------


def _match_on(gold: pl.DataFrame, pred: pl.DataFrame, key: str) -> pl.DataFrame:
    """One-to-one pairs (gold_id, row_nr) with equal `key`: the n-th gold item of a key takes the
    n-th row of that key (in input order)."""
    if gold.is_empty() or pred.is_empty():
        return pl.DataFrame(schema={"gold_id": pl.Utf8, "row_nr": pl.UInt32})
    g = gold.select("gold_id", key).with_columns(_n=pl.int_range(pl.len()).over(key))
    p = pred.select("row_nr", key).with_columns(_n=pl.int_range(pl.len()).over(key))
    return g.join(p, on=[key, "_n"], how="inner").select("gold_id", "row_nr")


def _match(event_type: str, gold: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    """Required items first, then optional ones; for partnerships, day-dated gold first."""
    pairs = []
    remaining_pred = pred
    for optional in (False, True):
        g = gold.filter(pl.col("optional") == optional)
        passes = [("key", g)]
        if event_type == "partnership":
            is_day = pl.col("date_precision").fill_null("unknown") == "day"
            passes = [("key", g.filter(is_day)), ("key_loose", g.filter(~is_day))]
        for key, subset in passes:
            found = _match_on(subset, remaining_pred, key)
            pairs.append(found)
            remaining_pred = remaining_pred.join(found, on="row_nr", how="anti")
    return pl.concat(pairs)


# --- results -------------------------------------------------------------------------------------


@dataclass
class TypeScore:
    event_type: str
    gold: int  # required gold items
    predicted: int  # predicted rows, less those matched to optional gold items
    hits: int
    misses: pl.DataFrame  # required gold items with no row
    extras: pl.DataFrame  # rows that match no gold item
    matches: pl.DataFrame = field(repr=False)  # gold_id, row_nr, optional

    @property
    def precision(self) -> float | None:
        return self.hits / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.hits / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalResult:
    scores: dict[str, TypeScore]
    negative_violations: pl.DataFrame  # event_type, article, evidence

    def table(self) -> pl.DataFrame:
        """One row per event type: gold, predicted, hits, misses, extras, precision, recall, f1."""
        return pl.DataFrame(
            [
                {
                    "event_type": s.event_type,
                    "gold": s.gold,
                    "predicted": s.predicted,
                    "hits": s.hits,
                    "misses": s.misses.height,
                    "extras": s.extras.height,
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                }
                for s in self.scores.values()
            ],
            schema={
                "event_type": pl.Utf8,
                "gold": pl.Int64,
                "predicted": pl.Int64,
                "hits": pl.Int64,
                "misses": pl.Int64,
                "extras": pl.Int64,
                "precision": pl.Float64,
                "recall": pl.Float64,
                "f1": pl.Float64,
            },
            orient="row",
        )


def evaluate(
    gold: dict,
    predicted: dict[str, pl.DataFrame | None],
    articles: pl.DataFrame | None = None,
    event_types: tuple[str, ...] | None = None,
) -> EvalResult:
    """Compare gold (a dict from `load_gold`) with predicted frames keyed by event type.

    Scores `event_types`, else the gold's own `event_types` list, else all five types."""
    event_types = tuple(event_types or gold.get("event_types") or EVENT_TYPES)
    unknown = [t for t in event_types if t not in EVENT_TYPES]
    if unknown:
        raise GoldError(f"unknown event type(s): {', '.join(unknown)}")
    scores = {}
    for event_type in event_types:
        g = _keys(event_type, gold_frame(gold, event_type), gold=True)
        p = _keys(event_type, _prepare_predicted(event_type, predicted.get(event_type)), gold=False)
        pairs = _match(event_type, g, p).join(g.select("gold_id", "optional"), on="gold_id")
        matched_optional = pairs.filter(pl.col("optional")).height
        misses = g.filter(~pl.col("optional")).join(pairs, on="gold_id", how="anti")
        extras = p.join(pairs, on="row_nr", how="anti")
        scores[event_type] = TypeScore(
            event_type=event_type,
            gold=g.filter(~pl.col("optional")).height,
            predicted=p.height - matched_optional,
            hits=pairs.filter(~pl.col("optional")).height,
            misses=misses.drop("key", "key_loose", strict=False),
            extras=extras.drop("key", "key_loose", strict=False),
            matches=pairs,
        )
    return EvalResult(
        scores=scores, negative_violations=_negative_violations(gold, predicted, articles)
    )


def _negative_violations(
    gold: dict, predicted: dict, articles: pl.DataFrame | None
) -> pl.DataFrame:
    schema = {"event_type": pl.Utf8, "article": pl.Utf8, "evidence": pl.Utf8}
    negatives = gold.get("negatives") or []
    if not negatives or articles is None or articles.is_empty():
        return pl.DataFrame(schema=schema)
    out = []
    for negative in negatives:
        name = negative["article"]
        types = negative.get("event_types") or ["meeting"]
        ids = articles.filter(
            (pl.col("source") == name) | pl.col("source").str.ends_with("/" + name)
        )["article_id"].to_list()
        for event_type in types:
            frame = predicted.get(event_type)
            if frame is None or frame.is_empty() or "article_ids" not in frame.columns:
                continue
            hits = frame.filter(pl.col("article_ids").list.eval(pl.element().is_in(ids)).list.any())
            for evidence in (
                hits["evidence"].to_list() if "evidence" in hits.columns else [None] * hits.height
            ):
                out.append({"event_type": event_type, "article": name, "evidence": evidence})
    return pl.DataFrame(out, schema=schema, orient="row")


# --- text report ---------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def _describe(event_type: str, row: dict, *, gold: bool) -> str:
    def codes(v):
        return ",".join(v or []) or "-"

    def when(date, precision):
        if date is None or (precision or "unknown") == "unknown":
            return "date unknown"
        return f"{date} ({precision})"

    if event_type == "meeting":
        date = row["date"] if gold else row["meeting_date"]
        return f"{when(date, row['date_precision'])} [{codes(row['country_codes'])}] " + " + ".join(
            row["participants"] or []
        )
    if event_type == "visit":
        return f"{row['visitor_name']} -> {row['host_country']}, from {when(row['start_date'], row['date_precision'])}"
    if event_type == "partnership":
        return (
            f"{row['country_a']}-{row['country_b']} {row['partnership_label']!r} {row['action']}, "
            f"{when(row['effective_date'], row['date_precision'])}"
        )
    if event_type == "anniversary":
        return f"{row['ordinal']}th in {row['anniversary_year']} [{codes(row['country_codes'])}] {row.get('subject') or ''}".rstrip()
    date = row["date"] if gold else row["base_date"]
    return f"[{codes(row['country_codes'])}] {when(date, row['date_precision'])} {row.get('subject') or ''}".rstrip()


def report(result: EvalResult, *, evidence_chars: int = 220) -> str:
    """The text `readout eval` prints: a P/R/F1 table, then misses and extras with evidence."""

    def cut(text: str | None) -> str:
        text = " ".join((text or "").split())
        return text if len(text) <= evidence_chars else text[: evidence_chars - 1] + "…"

    lines = [
        f"{'event type':<12} {'gold':>5} {'pred':>5} {'hits':>5} {'miss':>5} {'extra':>5}  {'P':>5} {'R':>5} {'F1':>5}"
    ]
    for s in result.scores.values():
        lines.append(
            f"{s.event_type:<12} {s.gold:>5} {s.predicted:>5} {s.hits:>5} {s.misses.height:>5} "
            f"{s.extras.height:>5}  {_fmt(s.precision):>5} {_fmt(s.recall):>5} {_fmt(s.f1):>5}"
        )
    for s in result.scores.values():
        if s.misses.is_empty() and s.extras.is_empty():
            continue
        lines += ["", f"== {s.event_type}: {s.misses.height} missed, {s.extras.height} extra"]
        for row in s.misses.iter_rows(named=True):
            where = f" ({row['article']})" if row.get("article") else ""
            lines.append(
                f"  MISS  {row['gold_id']}{where}: {_describe(s.event_type, row, gold=True)}"
            )
            evidence = row["evidence"] or []
            lines.append(f"        evidence: {cut(evidence[0] if evidence else '')}")
        for row in s.extras.iter_rows(named=True):
            lines.append(f"  EXTRA {_describe(s.event_type, row, gold=False)}")
            lines.append(f"        evidence: {cut(row.get('evidence'))}")
    if not result.negative_violations.is_empty():
        lines += ["", f"== hard negatives violated: {result.negative_violations.height}"]
        for row in result.negative_violations.iter_rows(named=True):
            lines.append(f"  {row['event_type']} in {row['article']}: {cut(row['evidence'])}")
    return "\n".join(lines)
