{#-
    A row dated only to the month or year (or, with include_undated, not at all) often tells of an
    event another row dates to the day: "their meeting in November", "his recent visit to Peru".
    Select every row of `from_cte` with `resolved_date`: the one day-precision date among rows with
    the same `keys` that falls in its month or year, when there is exactly one (for an undated row:
    the one dated row of any precision); else its own date. `is_merged` says whether it moved.
    `row_id` names the columns that identify a row; `where` limits which rows may move.
-#}
{% macro coarse_date_resolution(from_cte, keys, row_id, date_col, precision_col='date_precision', include_undated=true, where='true') %}
    select
        m.*,
        case when c.n_days = 1 then c.only_day else m.{{ date_col }} end as resolved_date,
        coalesce(c.n_days = 1, false) as is_merged,
    from {{ from_cte }} as m
    left join (
        select
            {%- for col in row_id %}
            coarse.{{ col }},
            {%- endfor %}
            count(distinct days.day_date) as n_days,
            min(days.day_date) as only_day,
        from {{ from_cte }} as coarse
        join (
            select distinct {{ keys | join(', ') }}, {{ date_col }} as day_date,
                {{ precision_col }} as day_precision,
            from {{ from_cte }}
            where {{ date_col }} is not null
        ) as days
            on {% for key in keys %}coarse.{{ key }} = days.{{ key }} and {% endfor %}(
                {%- if include_undated %}
                -- undated: any dated row (to the day, month or year)
                coarse.{{ date_col }} is null or
                {%- endif %}
                (days.day_precision = 'day' and coarse.{{ precision_col }} = 'month'
                    and date_trunc('month', days.day_date) = coarse.{{ date_col }})
                or (days.day_precision = 'day' and coarse.{{ precision_col }} = 'year'
                    and year(days.day_date) = year(coarse.{{ date_col }}))
            )
        where (coarse.{{ precision_col }} <> 'day' or coarse.{{ date_col }} is null)
            and ({{ where }})
        group by all
    ) as c
        on {% for col in row_id %}m.{{ col }} = c.{{ col }}{% if not loop.last %} and {% endif %}{% endfor %}
{% endmacro %}
