"""Asset checks beyond dbt's tests: what a reader of the marts would notice first.

- every evidence sentence of a raw mention still occurs in its article (blocking: a broken
  extraction stops the run before dbt and the publish);
- every provenance row of marts.fct_event_mentions points at its sentence (blocking);
- articles with a dateline (wire reports) from which no event was extracted (WARN);
- meetings without resolved countries or dates, as a share of fct_meetings (WARN over 25 %);
- marts much emptier than the last published copy (WARN): a sign that extraction or the input
  broke, shown before anyone reads the published Parquet.
"""

import dagster as dg

from orchestration.defs.publish import MARTS, published_row_count
from orchestration.defs.resources import WarehouseResource
from transform.schemas import EVENT_TABLES

UNRESOLVED_MEETINGS_WARN_SHARE = 0.25  # share of fct_meetings rows without countries or a date
SHRINK_FACTOR = 4  # a mart with under 1/4 of its last published rows ...
SHRINK_MIN_ROWS = 8  # ... when it had at least this many
MAX_LISTED = 20


def _evidence_check(table: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["raw", table]),
        name="evidence_occurs_in_article",
        blocking=True,
        description=f"Every evidence sentence in raw.{table} still occurs in its article's body.",
    )
    def check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        with warehouse.connect() as con:
            rows = con.execute(
                f"""
                select m.article_id, m.sentence_index, left(m.evidence, 120)
                from raw.{table} m left join raw.articles a using (article_id)
                where m.evidence is not null and (a.body is null or not contains(a.body, m.evidence))
                order by all
                """
            ).fetchall()
            total = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
        return dg.AssetCheckResult(
            passed=not rows,
            metadata={
                "rows checked": total,
                "missing": len(rows),
                "failing (article_id, sentence_index, evidence)": dg.MetadataValue.json(
                    [list(r) for r in rows[:MAX_LISTED]]
                ),
            },
        )

    return check


@dg.asset_check(
    asset=dg.AssetKey(["fct_event_mentions"]),
    blocking=True,
    description="Each provenance row's offsets cut its sentence out of the article.",
)
def provenance_offsets_point_at_sentence(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        rows = con.execute(
            """
            select e.event_type, e.event_id, e.article_id, e.sentence_index
            from marts.fct_event_mentions e left join raw.articles a using (article_id)
            where a.body is null
               or substring(a.body, e.char_start + 1, e.char_end - e.char_start) <> e.sentence
            order by all
            """
        ).fetchall()
    return dg.AssetCheckResult(
        passed=not rows,
        metadata={
            "mismatched": len(rows),
            "failing": dg.MetadataValue.json([list(r) for r in rows[:MAX_LISTED]]),
        },
    )


@dg.asset_check(
    asset=dg.AssetKey(["fct_event_mentions"]),
    description="Articles with a dateline (wire reports) usually report an event: list "
    "those from which nothing was extracted.",
)
def datelined_articles_have_events(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        rows = con.execute(
            """
            select a.article_id, a.dateline, a.title
            from raw.articles a
            where a.dateline is not null
              and not exists (select 1 from marts.fct_event_mentions e where e.article_id = a.article_id)
            order by a.article_id
            """
        ).fetchall()
        datelined = con.execute(
            "select count(*) from raw.articles where dateline is not null"
        ).fetchone()[0]
    return dg.AssetCheckResult(
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "articles with a dateline": datelined,
            "without any event": len(rows),
            "articles": dg.MetadataValue.json(
                [{"article_id": i, "dateline": d, "title": t} for i, d, t in rows[:MAX_LISTED]]
            ),
        },
    )


@dg.asset_check(
    asset=dg.AssetKey(["fct_meetings"]),
    description="Share of meetings without two resolved countries or without a date; "
    f"warns above {UNRESOLVED_MEETINGS_WARN_SHARE:.0%}.",
)
def meetings_resolved(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        total, no_countries, no_date = con.execute(
            """
            select count(*),
                   count(*) filter (where coalesce(len(country_codes), 0) < 2),
                   count(*) filter (where meeting_date is null or date_precision = 'unknown')
            from marts.fct_meetings
            """
        ).fetchone()
        unresolved = con.execute(
            """
            select meeting_id from marts.fct_meetings
            where coalesce(len(country_codes), 0) < 2 or meeting_date is null
               or date_precision = 'unknown'
            order by meeting_id
            """
        ).fetchall()
    share = len(unresolved) / total if total else 0.0
    return dg.AssetCheckResult(
        passed=share <= UNRESOLVED_MEETINGS_WARN_SHARE,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "meetings": total,
            "without two countries": no_countries,
            "without a date": no_date,
            "unresolved share": dg.MetadataValue.float(round(share, 4)),
            "threshold": dg.MetadataValue.float(UNRESOLVED_MEETINGS_WARN_SHARE),
            "meeting_ids": dg.MetadataValue.json([r[0] for r in unresolved[:MAX_LISTED]]),
        },
    )


def _shrink_check(mart: str) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey([mart]),
        name="not_much_emptier_than_last_publish",
        description=f"marts.{mart} has at least 1/{SHRINK_FACTOR} of the rows it had when last "
        "published (publish/parquet); warns otherwise.",
    )
    def check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        previous = published_row_count(warehouse.publish_dir, mart)
        with warehouse.connect() as con:
            current = con.execute(f"select count(*) from marts.{mart}").fetchone()[0]
        shrunk = (
            previous is not None
            and previous >= SHRINK_MIN_ROWS
            and current * SHRINK_FACTOR < previous
        )
        return dg.AssetCheckResult(
            passed=not shrunk,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "rows": current,
                "rows last published": previous if previous is not None else "never published",
                "factor": SHRINK_FACTOR,
            },
        )

    return check


defs = dg.Definitions(
    asset_checks=[
        *(_evidence_check(table) for table in EVENT_TABLES),
        provenance_offsets_point_at_sentence,
        datelined_articles_have_events,
        meetings_resolved,
        *(_shrink_check(mart) for mart in MARTS),
    ]
)
