"""How the extract steps read a batch's input rows: by the rowid span of its articles, falling back
to a plain read when the rowids have moved; and batches follow the input table's physical order."""

import polars as pl
import pytest

from orchestration import incremental
from orchestration.defs.resources import WarehouseResource
from tests.conftest import SAMPLE
from transform.extract.sentences import split_sentences
from transform.parse.textdump import read_text_dump
from transform.schemas import ARTICLES, conform


@pytest.fixture
def warehouse(tmp_path):
    """A warehouse holding the sample's articles and sentences (no Dagster run needed)."""
    resource = WarehouseResource(path=str(tmp_path / "reads.duckdb"))
    articles = conform(read_text_dump(SAMPLE, reference_year=2024).lazy(), ARTICLES).collect()
    sentences = split_sentences(articles.lazy()).collect()
    with resource.connect() as con:
        for table, frame in (("articles", articles), ("sentences", sentences)):
            con.register("frame", frame.to_arrow())
            columns = ", ".join(frame.columns)
            con.execute(f"insert into raw.{table} ({columns}) select {columns} from frame")
            con.unregister("frame")
    return resource


def plain(con, table: str, ids: pl.DataFrame) -> pl.DataFrame:
    con.register("ids", ids.to_arrow())
    try:
        return con.sql(
            f"select * from raw.{table} where article_id in "
            "(select article_id from ids) order by all"
        ).pl()
    finally:
        con.unregister("ids")


def plan_for(ids: pl.DataFrame) -> incremental.Plan:
    return incremental.Plan("meeting_mentions", False, "incremental", ids, ids.clear(), ids.height)


def test_a_batch_reads_exactly_its_articles_rows(warehouse):
    with warehouse.connect() as con:
        ids = con.sql("select article_id from raw.articles order by rowid").pl()
        spans = {t: incremental.row_spans(con, ids, t) for t in ("sentences", "articles")}
        assert (
            spans["sentences"]["n"].sum()
            == con.execute("select count(*) from raw.sentences").fetchall()[0][0]
        )
        batch = ids.slice(5, 4)
        got = incremental.read_for(con, plan_for(batch), spans, "sentences", "articles")
        for table, frame in zip(("sentences", "articles"), got, strict=True):
            assert frame.collect().sort(pl.all()).equals(plain(con, table, batch).sort(pl.all()))
        assert got[1].collect()["article_id"].n_unique() == 4


def test_a_batch_reads_only_the_columns_asked_for(warehouse):
    """The event step reads no article bodies: the extractors get the articles' other columns."""
    from transform.extract.events import ARTICLE_COLUMNS

    with warehouse.connect() as con:
        ids = con.sql("select article_id from raw.articles order by rowid").pl()
        spans = {t: incremental.row_spans(con, ids, t) for t in ("sentences", "articles")}
        batch = ids.slice(5, 4)
        sentences, articles = incremental.read_for(
            con,
            plan_for(batch),
            spans,
            "sentences",
            "articles",
            columns={"articles": ARTICLE_COLUMNS},
        )
        assert articles.collect_schema().names() == list(ARTICLE_COLUMNS)
        assert (
            articles.collect()
            .sort(pl.all())
            .equals(plain(con, "articles", batch).select(ARTICLE_COLUMNS).sort(pl.all()))
        )
        assert sentences.collect().height == plain(con, "sentences", batch).height


def test_moved_rowids_fall_back_to_a_plain_read(warehouse):
    """Spans taken before the rows moved point at other rows: the count differs, and the batch is
    read by article_id alone, with the same result."""
    with warehouse.connect() as con:
        ids = con.sql("select article_id from raw.articles order by rowid").pl()
        spans = incremental.row_spans(con, ids, "sentences")
        stale = {"sentences": spans.with_columns(pl.col("lo") + 1000, pl.col("hi") + 1000)}
        batch = ids.slice(0, 3)
        [frame] = incremental.read_for(con, plan_for(batch), stale, "sentences")
        expected = plain(con, "sentences", batch)
        assert expected.height > 0
        assert frame.collect().sort(pl.all()).equals(expected.sort(pl.all()))


def test_an_article_without_rows_in_a_table_reads_nothing(warehouse):
    with warehouse.connect() as con:
        missing = pl.DataFrame({"article_id": ["no-such-article"]})
        spans = {"sentences": incremental.row_spans(con, missing, "sentences")}
        [frame] = incremental.read_for(con, plan_for(missing), spans, "sentences")
        assert frame.collect().height == 0


def test_batches_follow_the_given_order_then_the_rest():
    ids = pl.DataFrame({"article_id": ["a", "b", "c", "d", "e"]})
    plan = incremental.Plan("sentences", False, "incremental", ids, ids.clear(), 5)
    order = pl.DataFrame({"article_id": ["d", "zz", "b", "e"]})  # "zz" is not wanted
    batches = incremental.in_batches([plan], order=order)
    got = [step.new_ids["article_id"].to_list() for [step] in batches]
    size = incremental.batch_size()
    flat = [a for batch in got for a in batch]
    assert flat == ["d", "b", "e", "a", "c"]
    assert all(len(batch) <= size for batch in got)
