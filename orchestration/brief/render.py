"""The brief: one self-contained HTML page over the marts, for people who would rather look.

`render_brief(marts)` takes the published marts as polars frames and returns the page: meetings
per month and per counterpart country (bar charts), the partnership ladder of each pair over time
(ranks and labels from the ladder seed, `transform.reference.partnership_ladder`), and the
milestone anniversaries of the next twelve months. The page is `templates/brief.html.j2`; the
charts are inline SVG (`charts.py`). The only script flags the page as rendered (and records any
script error), which the browser test reads. No external file, font or CDN: the page works offline.

"Next twelve months" counts from the corpus's latest date (the newest meeting, visit or mention),
so a brief of an old corpus stays meaningful; for a live feed that date is about today.
"""

from datetime import date, timedelta
from functools import cache

import jinja2
import polars as pl
from markupsafe import Markup

from orchestration.brief.charts import (
    bar_chart_counterparts,
    bar_chart_months,
    country_name,
    ladder_chart,
)
from transform.reference import partnership_ladder


@cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("orchestration.brief", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("brief.html.j2")


def as_of_date(marts: dict[str, pl.DataFrame]) -> date | None:
    """The corpus's latest date: newest meeting, visit start or anniversary mention."""
    candidates = []
    for mart, column in (
        ("fct_meetings", "meeting_date"),
        ("fct_visits", "start_date"),
        ("anniversary_calendar", "mentioned_on"),
    ):
        frame = marts.get(mart)
        if frame is not None and column in frame.columns and frame.height:
            value = frame.get_column(column).max()
            if value is not None:
                candidates.append(value)
    return max(candidates) if candidates else None


# --- data ------------------------------------------------------------------------------------


def meetings_per_month(meetings: pl.DataFrame) -> pl.DataFrame:
    """(month, meeting_kind, meetings) for meetings with a known month, oldest first."""
    return (
        meetings.filter(
            pl.col("meeting_date").is_not_null()
            & (pl.col("date_precision") != "unknown")
            & (pl.col("date_precision") != "year")
        )
        .with_columns(month=pl.col("meeting_date").dt.truncate("1mo"))
        .group_by("month", "meeting_kind")
        .agg(meetings=pl.len())
        .sort("month", "meeting_kind")
    )


def focal_country(meetings: pl.DataFrame) -> str | None:
    """The country present in the most meetings (the corpus's point of view, e.g. CHN)."""
    if meetings.height == 0:
        return None
    counts = (
        meetings.select(pl.col("country_codes").explode().alias("code"))
        .drop_nulls()
        .group_by("code")
        .agg(n=pl.len())
        .sort(["n", "code"], descending=[True, False])
    )
    return counts.get_column("code")[0] if counts.height else None


def meetings_per_counterpart(
    meetings: pl.DataFrame, focal: str | None, top: int = 20
) -> pl.DataFrame:
    """(counterpart, meetings): distinct meetings of `focal` with each other country."""
    if focal is None or meetings.height == 0:
        return pl.DataFrame(schema={"counterpart": pl.String, "meetings": pl.UInt32})
    return (
        meetings.filter(pl.col("country_codes").list.contains(focal))
        .select("meeting_id", pl.col("country_codes").alias("counterpart"))
        .explode("counterpart")
        .filter(pl.col("counterpart") != focal)
        .group_by("counterpart")
        .agg(meetings=pl.col("meeting_id").n_unique())
        .sort(["meetings", "counterpart"], descending=[True, False])
        .head(top)
    )


def upcoming_milestones(
    calendar: pl.DataFrame, as_of: date | None, days: int = 365
) -> pl.DataFrame:
    """Milestone anniversaries (ordinal multiple of 5) dated in (as_of, as_of + days], one row per
    subject and date (a mentioned row wins over a projected one)."""
    if as_of is None or calendar.height == 0:
        return calendar.head(0)
    end = as_of + timedelta(days=days)
    return (
        calendar.filter(
            pl.col("is_milestone")
            & pl.col("anniversary_date").is_between(as_of, end, closed="right")
        )
        .sort("anniversary_date", pl.col("origin") != "mentioned")
        .unique(["subject", "anniversary_date"], keep="first", maintain_order=True)
    )


def render_brief(marts: dict[str, pl.DataFrame], generated: str = "") -> str:
    """The brief's HTML, from frames of marts.fct_meetings, partnership_timeline and
    anniversary_calendar (fct_visits optional)."""
    meetings = marts["fct_meetings"]
    timeline = marts["partnership_timeline"]
    calendar = marts["anniversary_calendar"]
    as_of = as_of_date(marts)
    focal = focal_country(meetings)
    upcoming = upcoming_milestones(calendar, as_of)
    visits = marts.get("fct_visits")
    ladder = partnership_ladder().drop_nulls("rank")
    top_rank = ladder.get_column("rank").max()
    undated = meetings.filter(
        pl.col("meeting_date").is_null() | (pl.col("date_precision") == "unknown")
    ).height
    ladder_rows = [
        {**row, "pair": f"{country_name(row['country_a'])} – {country_name(row['country_b'])}"}
        for row in timeline.sort(
            "country_a", "country_b", "effective_date", nulls_last=True
        ).iter_rows(named=True)
    ]
    return _template().render(
        as_of_text=f"{as_of:%d %B %Y}" if as_of else "no dated events",
        end_text=f"{as_of + timedelta(days=365):%d %B %Y}" if as_of else "",
        generated=generated,
        kpis=[
            ("meetings", meetings.height),
            ("visits", visits.height if visits is not None else 0),
            ("partnership events", timeline.height),
            ("milestones ahead", upcoming.height),
        ],
        undated=undated,
        chart_months=Markup(bar_chart_months(meetings_per_month(meetings))),
        focal_name=country_name(focal),
        chart_counterparts=Markup(
            bar_chart_counterparts(meetings_per_counterpart(meetings, focal), focal)
        ),
        lowest_label=ladder.row(0, named=True)["label"],
        highest_label=ladder.filter(pl.col("rank") == top_rank).row(0, named=True)["label"],
        top_rank=top_rank,
        chart_ladder=Markup(ladder_chart(timeline, top_rank)),
        ladder_rows=ladder_rows,
        milestones=list(upcoming.iter_rows(named=True)),
    )
