"""Ingest: input files -> raw.articles (append-only, keyed by article_id).

Configured sources (feeds, WordPress, web pages, folders) have their own assets, upstream of this
one: orchestration/defs/sources.py.
"""

import dagster as dg
import polars as pl

from orchestration.defs.resources import InputsResource, WarehouseResource
from orchestration.metadata import preview_table
from orchestration.defs.sources import SOURCE_KEYS
from transform.articlefiles import read_inputs
from transform.schemas import ARTICLES, conform

COLUMNS = ", ".join(ARTICLES)


def insert_new_articles(warehouse: WarehouseResource, articles: pl.DataFrame) -> tuple[int, int]:
    """Insert the articles whose article_id is not in raw.articles yet, in one transaction.

    Within the batch, the first row of each article_id wins. Returns (new rows, total rows).
    """
    with warehouse.connect() as con:
        con.register("incoming_articles", articles.to_arrow())
        con.begin()
        try:
            before = con.execute("select count(*) from raw.articles").fetchone()[0]
            con.execute(
                f"""
                insert into raw.articles ({COLUMNS})
                select {COLUMNS}
                from incoming_articles as incoming
                where not exists (
                    select 1 from raw.articles as existing
                    where existing.article_id = incoming.article_id
                )
                qualify row_number() over (partition by article_id order by source, position) = 1
                """
            )
            total = con.execute("select count(*) from raw.articles").fetchone()[0]
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            con.unregister("incoming_articles")
    return total - before, total


# After the configured sources (sources/<name>, sources/inbox): they write raw.articles themselves,
# and everything downstream of raw/articles sees their rows.
@dg.asset(key=["raw", "articles"], deps=SOURCE_KEYS, group_name="ingest", kinds={"polars", "duckdb"})
def articles(warehouse: WarehouseResource, inputs: InputsResource) -> dg.MaterializeResult:
    """Articles read from the input files; re-ingesting an article already stored adds nothing."""
    paths = inputs.input_paths()
    # Bad input raises transform.errors.InputError (naming the file) before anything is written.
    frame = conform(read_inputs(paths, reference_year=inputs.year()).lazy(), ARTICLES).collect()
    new_rows, total_rows = insert_new_articles(warehouse, frame)
    preview = frame.select("article_id", "source", "published_date", "title").head(10)
    return dg.MaterializeResult(
        metadata={
            "inputs": dg.MetadataValue.text("\n".join(str(p) for p in paths)),
            "articles read": frame.height,
            "new rows": new_rows,
            "total rows": total_rows,
            "dagster/row_count": total_rows,
            "preview": preview_table(preview, rows=10),
        }
    )


defs = dg.Definitions(assets=[articles])
