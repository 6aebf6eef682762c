"""Ingest from configured sources: one asset `sources/<name>` per entry of sources.yaml, plus
`sources/inbox` (the READOUT_INBOX folder, the inbox sensor's target).

Each asset reads what the warehouse remembers of its source (raw.source_items, raw.http_validators),
fetches what is new or changed (`orchestration.sources.fetch_source`, no connection open while
fetching), and writes the articles and the new state in one transaction. A source that fails raises
before writing anything, naming itself and the URL; the other sources are other assets and land.

Identity of a fetched article: `article_id` stays the hash of title + body (as for files, so the
same story reached twice is one row). The item (its URL, file or .jsonl line) maps to its current
article_id in raw.source_items; when the item's content changes, the new row is inserted and the
previous one deleted from raw.articles (unless another item still points at it), in the same
transaction. Extraction (orchestration/defs/extract.py) then deletes the mentions of article_ids
gone from raw.articles and extracts the new ones.
"""

import dagster as dg
import polars as pl

from orchestration.defs.resources import WarehouseResource, transaction
from orchestration.fetch import SourceBatch, SourceState, fetch_source, inbox_path
from orchestration.http import HttpResource, PoliteClient
from orchestration.source_config import INBOX_SOURCE, SourceConfig, SourcesConfig
from transform.parse.articlefiles import reference_year_of
from transform.parse.textdump import articles_frame
from transform.schemas import ARTICLES, conform

WEB_KINDS = ("rss", "wordpress", "html")
INBOX_KEY = dg.AssetKey(["sources", INBOX_SOURCE])


def insert_absent_articles(con, relation: str) -> int:
    """Insert the rows of `relation` (a registered frame in the ARTICLES schema) whose article_id
    is not in raw.articles yet; of one article_id given twice, the first (by source, position).
    Runs in the caller's transaction. Returns the rows inserted."""
    columns = ", ".join(ARTICLES)
    before = con.execute("select count(*) from raw.articles").fetchone()[0]
    # `relation` is a name the caller registered, not user input.
    con.execute(f"""
        insert into raw.articles ({columns})
        select {columns} from {relation} as incoming
        where not exists (select 1 from raw.articles as existing
                          where existing.article_id = incoming.article_id)
        qualify row_number() over (partition by article_id order by source, position) = 1
        """)
    return con.execute("select count(*) from raw.articles").fetchone()[0] - before


def load_state(warehouse: WarehouseResource, source: str) -> SourceState:
    with warehouse.connect() as con:
        items = con.execute(
            "select item_key, content_hash from raw.source_items where source = ?", [source]
        ).fetchall()
        validators = con.execute(
            "select url, etag, last_modified, content_hash from raw.http_validators "
            "where source = ?",
            [source],
        ).fetchall()
    return SourceState(
        items=dict(items),
        validators={url: (etag, lm, digest) for url, etag, lm, digest in validators},
    )


def batch_articles(batch: SourceBatch) -> pl.DataFrame:
    """The batch's articles in the ARTICLES schema (dates inferred as for files)."""
    rows = [dict(item.row, position=n) for n, item in enumerate(batch.items)]
    if batch.keyed_by_content:  # text dump rows are complete already
        return conform(pl.LazyFrame(rows, schema=ARTICLES), ARTICLES).collect()
    year = batch.reference_year or reference_year_of(rows)
    return articles_frame(rows, year)


def write_batch(warehouse: WarehouseResource, source: str, batch: SourceBatch) -> dict:
    """Articles, items and validators of one fetch, in one transaction. Returns counts."""
    items = {item.key: item for item in batch.items}  # an item listed twice: the last wins
    batch.items = list(items.values())
    articles = batch_articles(batch)
    item_frame = pl.DataFrame(
        {
            "source": [source] * len(batch.items),
            "item_key": [i.key for i in batch.items],
            "url": [i.row.get("url") for i in batch.items],
            "article_id": articles["article_id"].to_list(),
            "content_hash": [i.content_hash for i in batch.items],
            "categories": [i.categories for i in batch.items],
            "published_date": articles["published_date"].to_list(),
        },
        schema={
            "source": pl.String,
            "item_key": pl.String,
            "url": pl.String,
            "article_id": pl.String,
            "content_hash": pl.String,
            "categories": pl.List(pl.String),
            "published_date": pl.Date,
        },
    )
    validators = pl.DataFrame(
        [
            dict(zip(("url", "etag", "last_modified", "content_hash"), v, strict=True))
            for v in dict((v[0], v) for v in batch.validators).values()
        ],
        schema={
            "url": pl.String,
            "etag": pl.String,
            "last_modified": pl.String,
            "content_hash": pl.String,
        },
    )
    with warehouse.connect() as con:
        con.register("incoming_articles", articles.to_arrow())
        con.register("incoming_items", item_frame.to_arrow())
        con.register("incoming_validators", validators.to_arrow())
        try:
            with transaction(con):
                replaced = [
                    row[0]
                    for row in con.execute(
                        """
                    select distinct s.article_id from raw.source_items as s
                    join incoming_items as i using (source, item_key)
                    where s.article_id <> i.article_id
                    """
                    ).fetchall()
                ]
                inserted = insert_absent_articles(con, "incoming_articles")
                con.execute(
                    """
                    update raw.source_items as s
                    set url = i.url, article_id = i.article_id, content_hash = i.content_hash,
                        categories = i.categories, published_date = i.published_date,
                        last_changed = now()::timestamp
                    from incoming_items as i
                    where s.source = i.source and s.item_key = i.item_key
                    """
                )
                con.execute(
                    """
                    insert into raw.source_items
                    select i.source, i.item_key, i.url, i.article_id, i.content_hash, i.categories,
                           i.published_date, now()::timestamp, now()::timestamp
                    from incoming_items as i
                    where not exists (select 1 from raw.source_items as s
                                      where s.source = i.source and s.item_key = i.item_key)
                    """
                )
                removed = 0
                if replaced:
                    removed = con.execute(
                        """
                        delete from raw.articles
                        where list_contains(?, article_id)
                          and article_id not in (select article_id from raw.source_items)
                        """,
                        [replaced],
                    ).fetchone()[0]
                con.execute(
                    """
                    delete from raw.http_validators as h
                    where h.source = ? and h.url in (select url from incoming_validators)
                    """,
                    [source],
                )
                con.execute(
                    """
                    insert into raw.http_validators
                    select ?, url, etag, last_modified, content_hash, now()::timestamp
                    from incoming_validators
                    """,
                    [source],
                )
                total = con.execute("select count(*) from raw.articles").fetchone()[0]
        finally:
            for name in ("incoming_articles", "incoming_items", "incoming_validators"):
                con.unregister(name)
    return {"new articles": inserted, "replaced articles": removed, "total rows": total}


def ingest_source(
    warehouse: WarehouseResource, source: SourceConfig, client: PoliteClient | None
) -> dg.MaterializeResult:
    """Fetch one source and write what is new; the body of every `sources/<name>` asset."""
    state = load_state(warehouse, source.name)
    batch = fetch_source(source, state, client)  # SourceError names the source and the URL
    counts = (
        write_batch(warehouse, source.name, batch)
        if (batch.items or batch.validators)
        else {"new articles": 0, "replaced articles": 0, "total rows": None}
    )
    requests = "\n".join(f"{status} {url}" for url, status in batch.requests)
    return dg.MaterializeResult(
        metadata={
            "source": source.name,
            "kind": source.kind,
            "where": dg.MetadataValue.text(source.where),
            "requests": len(batch.requests),
            "not modified (304)": sum(1 for _, status in batch.requests if status == 304),
            "new or changed items": len(batch.items),
            "unchanged items": batch.unchanged,
            "new articles": counts["new articles"],
            "replaced articles": counts["replaced articles"],
            "skipped (no text)": dg.MetadataValue.text("\n".join(batch.skipped) or "none"),
            "request log": dg.MetadataValue.text(requests or "no requests"),
        }
    )


def source_asset(source: SourceConfig) -> dg.AssetsDefinition:
    @dg.asset(
        key=["sources", source.name],
        group_name="ingest",
        kinds={"python", "duckdb"},
        description=f"{source.kind} source {source.name!r}: {source.where}",
        metadata={"kind": source.kind, "where": source.where},
    )
    def _source(warehouse: WarehouseResource, http: HttpResource) -> dg.MaterializeResult:
        return ingest_source(warehouse, source, http.client if source.kind in WEB_KINDS else None)

    return _source


@dg.asset(key=INBOX_KEY, group_name="ingest", kinds={"python", "duckdb"})
def inbox(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """New or changed files in the inbox folder (READOUT_INBOX, default inbox/): .txt, .html, .jsonl."""
    source = SourceConfig(name=INBOX_SOURCE, kind="folder", path=inbox_path())
    return ingest_source(warehouse, source, None)


def source_keys(config: SourcesConfig) -> list[dg.AssetKey]:
    """The keys of the configured sources' assets (not the inbox)."""
    return [dg.AssetKey(["sources", source.name]) for source in config.sources]


def source_definitions(config: SourcesConfig) -> dg.Definitions:
    """One asset per configured source, and the `http` resource with the file's settings."""
    return dg.Definitions(
        assets=[source_asset(source) for source in config.sources],
        resources={"http": HttpResource(settings=config.http)},
    )


defs = dg.Definitions(assets=[inbox])
