"""The brief's charts: inline SVG drawn from small polars frames (no script, font or CDN, so
the page works offline). Each function returns one `<svg class="chart">`, or a sentence when there
is nothing to draw.
"""

import html
from datetime import date

import polars as pl

PALETTE = ["#1f5f8b", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#8d6cab", "#6c757d", "#264653"]
# Rank on the partnership ladder -> colour, lowest to highest (off the ladder: grey).
RANK_COLORS = [
    "#c6dbef",
    "#9ecae1",
    "#6baed6",
    "#4292c6",
    "#2171b5",
    "#08519c",
    "#e76f51",
    "#9d0208",
]
OFF_LADDER = "#adb5bd"


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
    parts = [
        f'<svg class="chart" id="chart-months" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="Meetings per month">'
    ]
    for tick in range(0, peak + 1, max(1, peak // 5)):
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" class="axis" text-anchor="end">{tick}</text>'
        )
    cells = {
        (r["month"], r["meeting_kind"]): r["meetings"] for r in per_month.iter_rows(named=True)
    }
    for i, month in enumerate(filled):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        for kind in kinds:
            n = cells.get((month, kind), 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{color[kind]}"><title>{month:%b %Y}: {n} {esc(kind)}</title></rect>'
            )
        if i % label_every == 0 or i == len(filled) - 1:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" class="axis" '
                f'text-anchor="middle">{month:%b %Y}</text>'
            )
    for i, kind in enumerate(kinds):
        x = left + i * 120
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{color[kind]}"/>'
            f'<text x="{x + 14}" y="{height - 5}" class="legend">{esc(kind.replace("_", " "))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_counterparts(per_country: pl.DataFrame, focal: str | None, width: int = 760) -> str:
    """Horizontal bars: meetings of the focal country with each counterpart."""
    if per_country.height == 0:
        return '<p class="empty">No meetings with a counterpart yet.</p>'
    row_h, left, right = 22, 170, 40
    height = row_h * per_country.height + 10
    peak = max(per_country.get_column("meetings").max(), 1)
    parts = [
        f'<svg class="chart" id="chart-counterparts" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="Meetings per counterpart country">'
    ]
    for i, row in enumerate(per_country.iter_rows(named=True)):
        y = 5 + i * row_h
        w = (width - left - right) * row["meetings"] / peak
        name = country_name(row["counterpart"])
        parts.append(
            f'<text x="{left - 8}" y="{y + 15}" class="label" text-anchor="end">{esc(name)}</text>'
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" fill="{PALETTE[0]}">'
            f"<title>{esc(name)} ({esc(row['counterpart'])}): {row['meetings']} meetings with "
            f"{esc(country_name(focal))}</title></rect>"
            f'<text x="{left + w + 6:.1f}" y="{y + 15}" class="value">{row["meetings"]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def ladder_chart(timeline: pl.DataFrame, top_rank: int, width: int = 760) -> str:
    """One lane per pair; a dot per event at its date, its height and colour the ladder rank
    (1 .. `top_rank`, the ladder seed's highest)."""
    rows = timeline.filter(pl.col("effective_date").is_not_null()).sort(
        "country_a", "country_b", "effective_date"
    )
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

    parts = [
        f'<svg class="chart" id="chart-ladder" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="Partnership ladder per pair over time">'
    ]
    step = max(1, (end_year - start_year) // 8)
    for year in range(start_year, end_year + 1, step):
        x = x_of(date(year, 1, 1))
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}" class="grid"/>'
            f'<text x="{x:.1f}" y="{top - 10}" class="axis" text-anchor="middle">{year}</text>'
        )
    for lane, (a, b) in enumerate(pairs):
        y0 = top + lane * lane_h
        label = f"{country_name(a)} – {country_name(b)}"
        parts.append(
            f'<text x="{left - 8}" y="{y0 + lane_h / 2 + 4:.1f}" class="label" '
            f'text-anchor="end">{esc(label)}</text>'
            f'<line x1="{left}" x2="{width - right}" y1="{y0 + lane_h - 2}" y2="{y0 + lane_h - 2}" class="lane"/>'
        )
        events = rows.filter((pl.col("country_a") == a) & (pl.col("country_b") == b))
        previous = None
        for event in events.iter_rows(named=True):
            rank = event["level_rank"]
            x = x_of(event["effective_date"])
            # rank 1 (bottom) .. top_rank (top) inside the lane; off the ladder: on the baseline
            y = y0 + lane_h - 6 - (lane_h - 12) * ((rank or 0) / top_rank)
            if previous is not None:
                parts.append(
                    f'<line x1="{previous[0]:.1f}" y1="{previous[1]:.1f}" x2="{x:.1f}" '
                    f'y2="{y:.1f}" class="step"/>'
                )
            previous = (x, y)
            fill = RANK_COLORS[min(rank, len(RANK_COLORS)) - 1] if rank else OFF_LADDER
            shape = "established" if event["action"] == "established" else "status"
            parts.append(
                f'<circle class="rung {shape}" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{fill}">'
                f"<title>{event['effective_date']:%d %b %Y} ({esc(event['date_precision'])}): "
                f"{esc(event['partnership_label'])}, rank {esc(rank if rank is not None else 'off the ladder')} "
                f"({esc(event['action'])})</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)
