"""Articles -> sentences (schema `SENTENCES`), with exact character offsets into the body.

Vectorized polars only. The body is split into paragraphs ("\\n\\n") and lines ("\\n": a bullet
item or a hard line break never continues a sentence), then a line into sentences where [.!?]
(and any closing quotes or brackets ” ’ " ) ]) is followed by whitespace and an opening capital,
digit, quote or bracket. An ellipsis followed by a capital ends a sentence too: in the sample it
only ever marks an omission at a sentence end ("steadily… It is also").

Polars' regex engine has no look-around, so two tricks stand in for it:
- abbreviations ("Dec. 3", "Mr.", "U.S.", the initial "K.") have their dot replaced by a
  placeholder of the same length (one code point) before splitting, so they do not end a sentence;
- a split point is marked by inserting a separator character with `str.replace_all` and capture
  groups, then `str.split` on it: the pieces concatenate back to the line, so their lengths give
  exact offsets.
The sentence text is then sliced from the original line (never from the protected copy), so
`body[char_start:char_end] == sentence` holds by construction (polars counts characters as Python
does, in code points). Sentences are stripped of surrounding whitespace, offsets moved to match.
"""

import polars as pl

from transform import schemas

# Private-use code points: not in news text, one code point each like the characters they stand for.
_PLACEHOLDER = "\ue000"  # stands for a protected dot
_SEPARATOR = "\ue001"  # marks a split point (inserted, so it adds no length to any piece)

# Abbreviations whose dot never ends a sentence in news copy (titles before a name).
TITLE_ABBREVIATIONS = (
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Eng",
    "Jr",
    "Sr",
    "Gen",
    "Prof",
    "Lt",
    "Col",
    "Capt",
    "Gov",
    "Rev",
    "Hon",
    "Amb",
    "Mt",
    "Messrs",
)
# Abbreviations that end no sentence when a number follows: "Dec. 3", "No. 1", "Vol. 2".
NUMBER_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "No",
    "Nos",
    "Vol",
    "Art",
    "Para",
)

_PROTECT = (
    (rf"\b({'|'.join(TITLE_ABBREVIATIONS)})\.", f"${{1}}{_PLACEHOLDER}"),
    (rf"\b({'|'.join(NUMBER_ABBREVIATIONS)})\.(\s*\d)", f"${{1}}{_PLACEHOLDER}${{2}}"),
    (r"\b([ap])\.m\.", f"${{1}}{_PLACEHOLDER}m{_PLACEHOLDER}"),  # a.m., p.m.
    (r"\b(\p{Lu})\.", f"${{1}}{_PLACEHOLDER}"),  # initials: "K. P. Sharma", "U.S.", "U.K."
)
# End of sentence: terminal marks and closers (group 1), whitespace and an opener (group 2).
_BREAK = r"([.!?…]+[”’\"')\]]*)(\s+[“‘\"'(\[\p{Lu}\p{N}])"


def protect_abbreviations(line: pl.Expr) -> pl.Expr:
    """The line with abbreviation dots (and any stray separator) replaced, lengths unchanged."""
    out = line.str.replace_all(_SEPARATOR, _PLACEHOLDER, literal=True)
    for pattern, replacement in _PROTECT:
        out = out.str.replace_all(pattern, replacement)
    return out


def _starts(piece: str, gap: int, over: list[str]) -> pl.Expr:
    """Offset of each piece within the string it was split from (pieces in order, `gap` apart)."""
    width = pl.col(piece).str.len_chars() + gap
    return (width.cum_sum() - width).over(over)


def split_sentences(articles: pl.LazyFrame) -> pl.LazyFrame:
    """One row per sentence of each article's body (needs article_id, body, published_date)."""
    # Windows go over one integer per article / paragraph / line (its row number once exploded)
    # rather than article_id (a string) and (article_id, paragraph_no[, line_no]): the same groups,
    # in a fraction of the time.
    pieces = (
        articles.select("article_id", "body", "published_date")
        .unique("article_id", keep="first", maintain_order=True)  # offsets are per article
        .with_columns(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_article"),
            pl.col("body").str.split("\n\n").alias("paragraph"),
        )
        .drop("body")
        .explode("paragraph")
        .with_columns(
            pl.int_range(pl.len()).over("_article").alias("paragraph_no"),
            _starts("paragraph", 2, ["_article"]).alias("paragraph_start"),
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_paragraph"),
        )
        .with_columns(pl.col("paragraph").str.split("\n").alias("line"))
        .drop("paragraph")
        .explode("line")
        .with_columns(
            pl.int_range(pl.len()).over("_paragraph").alias("line_no"),
            (pl.col("paragraph_start") + _starts("line", 1, ["_paragraph"])).alias("line_start"),
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_line"),
        )
        .with_columns(
            protect_abbreviations(pl.col("line"))
            .str.replace_all(_BREAK, f"${{1}}{_SEPARATOR}${{2}}")
            .str.split(_SEPARATOR)
            .alias("piece")
        )
        .explode("piece")
        .with_columns(_starts("piece", 0, ["_line"]).alias("piece_start"))
    )
    piece_len = pl.col("piece").str.len_chars()
    lead = piece_len - pl.col("piece").str.strip_chars_start().str.len_chars()
    length = pl.col("piece").str.strip_chars().str.len_chars()
    sentences = (
        pieces.with_columns((pl.col("piece_start") + lead).alias("in_line"), length.alias("length"))
        .filter(pl.col("length") > 0)
        .with_columns(
            pl.col("line").str.slice(pl.col("in_line"), pl.col("length")).alias("sentence"),
            (pl.col("line_start") + pl.col("in_line")).alias("char_start"),
            (pl.col("line_start") + pl.col("in_line") + pl.col("length")).alias("char_end"),
            pl.int_range(pl.len()).over("_article").alias("sentence_index"),
            (pl.col("paragraph_no").rank("dense").over("_article") - 1).alias("paragraph_index"),
        )
        .sort("article_id", "sentence_index")
    )
    return schemas.conform(sentences, schemas.SENTENCES)
