"""The brief: one self-contained HTML page over the marts, for people who would rather look.

`render_brief(marts)` takes the published marts as polars frames and returns the page: meetings
per month and per counterpart country (bar charts), the partnership ladder of each pair over time,
and the milestone anniversaries of the next twelve months. Charts are inline SVG drawn here; the
only script is a few lines that flag the page as rendered (and record any script error), which the
browser test reads. No external file, font or CDN: the page works offline.

"Next twelve months" counts from the corpus's latest date (the newest meeting, visit or mention),
so a brief of an old corpus stays meaningful; for a live feed that date is about today.
"""

import html
from datetime import date, timedelta

import polars as pl

PALETTE = ["#1f5f8b", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#8d6cab", "#6c757d", "#264653"]
LADDER_COLORS = {  # rank on the partnership ladder -> colour (null rank: grey)
    1: "#c6dbef", 2: "#9ecae1", 3: "#6baed6", 4: "#4292c6",
    5: "#2171b5", 6: "#08519c", 7: "#e76f51", 8: "#9d0208",
}


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def country_name(code: str | None) -> str:
    """`CHN` -> `China`; bloc tokens (`ASEAN`, `ARAB_STATES`) read as words; unknown: the code."""
    if not code:
        return "?"
    try:
        import pycountry

        country = pycountry.countries.get(alpha_3=code)
    except (ImportError, LookupError, KeyError):
        country = None
    if country is not None:
        return getattr(country, "common_name", None) or country.name
    return code.replace("_", " ").title() if len(code) > 3 else code


def as_of_date(marts: dict[str, pl.DataFrame]) -> date | None:
    """The corpus's latest date: newest meeting, visit start or anniversary mention."""
    candidates = []
    for mart, column in (("fct_meetings", "meeting_date"), ("fct_visits", "start_date"),
                         ("anniversary_calendar", "mentioned_on")):
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
        meetings.filter(pl.col("meeting_date").is_not_null()
                        & (pl.col("date_precision") != "unknown")
                        & (pl.col("date_precision") != "year"))
        .with_columns(month=pl.col("meeting_date").dt.truncate("1mo"))
        .group_by("month", "meeting_kind")
        .agg(meetings=pl.len())
        .sort("month", "meeting_kind")
    )


def focal_country(meetings: pl.DataFrame) -> str | None:
    """The country present in the most meetings (the corpus's point of view, e.g. CHN)."""
    if meetings.height == 0:
        return None
    counts = (meetings.select(pl.col("country_codes").explode().alias("code"))
              .drop_nulls().group_by("code").agg(n=pl.len()).sort(["n", "code"], descending=[True, False]))
    return counts.get_column("code")[0] if counts.height else None


def meetings_per_counterpart(meetings: pl.DataFrame, focal: str | None, top: int = 20) -> pl.DataFrame:
    """(counterpart, meetings): distinct meetings of `focal` with each other country."""
    if focal is None or meetings.height == 0:
        return pl.DataFrame(schema={"counterpart": pl.String, "meetings": pl.UInt32})
    return (
        meetings.filter(pl.col("country_codes").list.contains(focal))
        .select("meeting_id", pl.col("country_codes").alias("counterpart")).explode("counterpart")
        .filter(pl.col("counterpart") != focal)
        .group_by("counterpart").agg(meetings=pl.col("meeting_id").n_unique())
        .sort(["meetings", "counterpart"], descending=[True, False])
        .head(top)
    )


def upcoming_milestones(calendar: pl.DataFrame, as_of: date | None, days: int = 365) -> pl.DataFrame:
    """Milestone anniversaries (ordinal multiple of 5) dated in (as_of, as_of + days], one row per
    subject and date (a mentioned row wins over a projected one)."""
    if as_of is None or calendar.height == 0:
        return calendar.head(0)
    end = as_of + timedelta(days=days)
    return (
        calendar.filter(pl.col("is_milestone") & pl.col("anniversary_date").is_between(as_of, end, closed="right"))
        .sort("anniversary_date", pl.col("origin") != "mentioned")
        .unique(["subject", "anniversary_date"], keep="first", maintain_order=True)
    )


# --- drawing ---------------------------------------------------------------------------------

def bar_chart_months(per_month: pl.DataFrame, width: int = 760, height: int = 260) -> str:
    """Stacked vertical bars: one per month, a segment per meeting kind."""
    if per_month.height == 0:
        return '<p class="empty">No dated meetings yet.</p>'
    months = per_month.get_column("month").unique().sort().to_list()
    # fill the gaps between the first and last month
    filled, current = [], months[0]
    while current <= months[-1]:
        filled.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    kinds = per_month.get_column("meeting_kind").unique().sort().to_list()
    color = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    totals = per_month.group_by("month").agg(pl.col("meetings").sum())
    peak = max(totals.get_column("meetings").max(), 1)
    left, bottom, top = 40, 40, 16
    plot_w, plot_h = width - left - 10, height - bottom - top
    slot = plot_w / len(filled)
    bar_w = max(min(slot * 0.7, 60), 4)
    label_every = max(1, -(-60 // int(slot)) if slot >= 1 else len(filled))
    parts = [f'<svg class="chart" id="chart-months" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="Meetings per month">']
    for tick in range(0, peak + 1, max(1, peak // 5)):
        y = top + plot_h - plot_h * tick / peak
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{tick}</text>')
    cells = {(r["month"], r["meeting_kind"]): r["meetings"] for r in per_month.iter_rows(named=True)}
    for i, month in enumerate(filled):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for kind in kinds:
            n = cells.get((month, kind), 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{color[kind]}"><title>{month:%b %Y}: {n} {esc(kind)}</title></rect>')
        if i % label_every == 0 or i == len(filled) - 1:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" class="axis" '
                         f'text-anchor="middle">{month:%b %Y}</text>')
    for i, kind in enumerate(kinds):
        x = left + i * 120
        parts.append(f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{color[kind]}"/>'
                     f'<text x="{x + 14}" y="{height - 5}" class="legend">{esc(kind.replace("_", " "))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_counterparts(per_country: pl.DataFrame, focal: str | None, width: int = 760) -> str:
    """Horizontal bars: meetings of the focal country with each counterpart."""
    if per_country.height == 0:
        return '<p class="empty">No meetings with a counterpart yet.</p>'
    row_h, left, right = 22, 170, 40
    height = row_h * per_country.height + 10
    peak = max(per_country.get_column("meetings").max(), 1)
    parts = [f'<svg class="chart" id="chart-counterparts" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="Meetings per counterpart country">']
    for i, row in enumerate(per_country.iter_rows(named=True)):
        y = 5 + i * row_h
        w = (width - left - right) * row["meetings"] / peak
        name = country_name(row["counterpart"])
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" class="label" text-anchor="end">{esc(name)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{PALETTE[0]}">'
            f'<title>{esc(name)} ({esc(row["counterpart"])}): {row["meetings"]} meetings with '
            f'{esc(country_name(focal))}</title></rect>'
            f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="value">{row["meetings"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def ladder_chart(timeline: pl.DataFrame, width: int = 760) -> str:
    """One lane per pair; a dot per event at its date, its height and colour the ladder rank."""
    rows = timeline.filter(pl.col("effective_date").is_not_null()).sort("country_a", "country_b", "effective_date")
    if rows.height == 0:
        return '<p class="empty">No partnership statements yet.</p>'
    pairs = rows.select("country_a", "country_b").unique(maintain_order=True).rows()
    first = rows.get_column("effective_date").min()
    last = rows.get_column("effective_date").max()
    start_year, end_year = first.year, last.year + 1
    span = max((date(end_year, 1, 1) - date(start_year, 1, 1)).days, 1)
    lane_h, left, right, top = 46, 190, 20, 24
    height = top + lane_h * len(pairs) + 10
    plot_w = width - left - right

    def x_of(d: date) -> float:
        return left + plot_w * (d - date(start_year, 1, 1)).days / span

    parts = [f'<svg class="chart" id="chart-ladder" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" aria-label="Partnership ladder per pair over time">']
    step = max(1, (end_year - start_year) // 8)
    for year in range(start_year, end_year + 1, step):
        x = x_of(date(year, 1, 1))
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}" class="grid"/>'
                     f'<text x="{x:.1f}" y="{top - 10}" class="axis" text-anchor="middle">{year}</text>')
    for lane, (a, b) in enumerate(pairs):
        y0 = top + lane * lane_h
        label = f"{country_name(a)} – {country_name(b)}"
        parts.append(f'<text x="{left - 8}" y="{y0 + lane_h / 2 + 4:.1f}" class="label" '
                     f'text-anchor="end">{esc(label)}</text>'
                     f'<line x1="{left}" x2="{width - right}" y1="{y0 + lane_h - 2}" y2="{y0 + lane_h - 2}" class="lane"/>')
        events = rows.filter((pl.col("country_a") == a) & (pl.col("country_b") == b))
        previous = None
        for event in events.iter_rows(named=True):
            rank = event["level_rank"]
            x = x_of(event["effective_date"])
            # rank 1 (bottom) .. 8 (top) inside the lane; off the ladder: on the baseline
            y = y0 + lane_h - 6 - (lane_h - 12) * ((rank or 0) / 8)
            if previous is not None:
                parts.append(f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" '
                             f'y2="{y:.1f}" class="step"/>')
            previous = (x, y)
            fill = LADDER_COLORS.get(rank, "#adb5bd")
            shape = "established" if event["action"] == "established" else "status"
            parts.append(
                f'<circle class="rung {shape}" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}">'
                f'<title>{event["effective_date"]:%d %b %Y} ({esc(event["date_precision"])}): '
                f'{esc(event["partnership_label"])}, rank {esc(rank if rank is not None else "off the ladder")} '
                f'({esc(event["action"])})</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def ladder_table(timeline: pl.DataFrame) -> str:
    rows = timeline.sort("country_a", "country_b", "effective_date", nulls_last=True)
    body = "".join(
        f"<tr><td>{esc(country_name(r['country_a']))} – {esc(country_name(r['country_b']))}</td>"
        f"<td class='date'>{esc(r['effective_date'])}</td><td>{esc(r['partnership_label'])}</td>"
        f"<td class='num'>{esc(r['level_rank'])}</td><td>{esc(r['action'])}</td>"
        f"<td>{esc(r['previous_label'])}</td></tr>"
        for r in rows.iter_rows(named=True))
    return ("<table id='table-ladder'><thead><tr><th>pair</th><th>date</th><th>framework</th>"
            "<th>rank</th><th>action</th><th>before</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def milestones_table(upcoming: pl.DataFrame) -> str:
    if upcoming.height == 0:
        return '<p class="empty">No milestone anniversaries in the next twelve months.</p>'
    body = "".join(
        f"<tr><td class='date'>{r['anniversary_date']:%d %b %Y}</td><td class='num'>{r['ordinal']}th</td>"
        f"<td>{esc(r['subject'])}</td><td>{esc(', '.join(r['country_codes'] or []))}</td>"
        f"<td>{esc(r['origin'])}</td></tr>"
        for r in upcoming.iter_rows(named=True))
    return ("<table id='table-milestones'><thead><tr><th>date</th><th>ordinal</th><th>what</th>"
            "<th>countries</th><th>source</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;margin:0;background:#f8f9fa}
main{max-width:800px;margin:0 auto;padding:24px 20px 60px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 6px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
.meta{color:#6c757d;margin:0 0 8px}.kpis{display:flex;gap:14px;flex-wrap:wrap;margin:16px 0}
.kpi{background:#f1f3f5;border-radius:6px;padding:8px 14px}.kpi b{display:block;font-size:22px}
svg.chart{max-width:100%;height:auto;display:block;margin:8px 0}
.grid{stroke:#e9ecef}.lane{stroke:#dee2e6}.step{stroke:#868e96;stroke-width:1.5;stroke-dasharray:3 2}
.axis,.legend,.value{font-size:11px;fill:#495057}.label{font-size:12px;fill:#212529}
.rung{stroke:#212529;stroke-width:1}.rung.status{stroke-dasharray:2 1.5}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #e9ecef;vertical-align:top}
td.num{text-align:right}td.date{white-space:nowrap}.empty{color:#6c757d;font-style:italic}
#js-errors:empty{display:none}#js-errors{color:#b00020;white-space:pre-wrap}
"""

# Flags the page as rendered for the browser test; any script error is written into the page.
SCRIPT = """
window.addEventListener("error", function (e) {
  document.getElementById("js-errors").textContent += "error: " + e.message + "\\n";
});
document.addEventListener("DOMContentLoaded", function () {
  var charts = document.querySelectorAll("svg.chart").length;
  document.documentElement.setAttribute("data-brief-charts", String(charts));
  document.documentElement.setAttribute("data-brief-ready", "1");
});
"""


def render_brief(marts: dict[str, pl.DataFrame], generated: str = "") -> str:
    """The brief's HTML, from frames of marts.fct_meetings, partnership_timeline and
    anniversary_calendar (fct_visits optional)."""
    meetings = marts["fct_meetings"]
    timeline = marts["partnership_timeline"]
    calendar = marts["anniversary_calendar"]
    as_of = as_of_date(marts)
    focal = focal_country(meetings)
    per_month = meetings_per_month(meetings)
    per_country = meetings_per_counterpart(meetings, focal)
    upcoming = upcoming_milestones(calendar, as_of)
    visits = marts.get("fct_visits")
    undated = meetings.filter(pl.col("meeting_date").is_null() | (pl.col("date_precision") == "unknown")).height
    kpis = [("meetings", meetings.height), ("visits", visits.height if visits is not None else 0),
            ("partnership events", timeline.height), ("milestones ahead", upcoming.height)]
    as_of_text = f"{as_of:%d %B %Y}" if as_of else "no dated events"
    end_text = f"{as_of + timedelta(days=365):%d %B %Y}" if as_of else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Readout brief</title><style>{STYLE}</style><script>{SCRIPT}</script></head>
<body><main>
<h1>Readout brief</h1>
<p class="meta">Events read from the news, as of {esc(as_of_text)} (latest date in the corpus).
{esc(generated)}</p>
<div id="js-errors"></div>
<div class="kpis">{"".join(f'<div class="kpi"><b>{n}</b>{esc(label)}</div>' for label, n in kpis)}</div>

<h2>Meetings per month</h2>
<p class="meta">Distinct meetings with a known month, by kind{f"; {undated} undated meetings not shown" if undated else ""}.</p>
{bar_chart_months(per_month)}

<h2>Meetings per counterpart country</h2>
<p class="meta">Distinct meetings of {esc(country_name(focal))} with each country (top 20).</p>
{bar_chart_counterparts(per_country, focal)}

<h2>The partnership ladder, pair by pair</h2>
<p class="meta">Each dot is a framework established (solid ring) or stated (dashed ring); higher is a
higher rung (1 cooperative partnership … 8 all-weather community with a shared future); dots on the
baseline are off the ladder.</p>
{ladder_chart(timeline)}
{ladder_table(timeline)}

<h2>Milestone anniversaries, next twelve months</h2>
<p class="meta">Anniversaries that are a multiple of five years, after {esc(as_of_text)} up to {esc(end_text)}.</p>
{milestones_table(upcoming)}
</main></body></html>
"""
