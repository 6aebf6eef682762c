-- One row per change or statement of a bilateral framework, ranked on the partnership ladder and
-- placed in its pair's history (previous established label, below the current level or not).

with

mentions as (
    select * from {{ ref('int_partnership_mentions_keyed') }}
),

levels as (
    select * from {{ ref('partnership_levels') }}
),

ranked_mentions as (
    select
        *,
        row_number() over (
            partition by partnership_id
            order by
                {{ date_precision_priority('date_precision') }},
                article_id,
                sentence_index
        ) as best_rank,
    from mentions
),

deduplicated as (
    select
        partnership_id,
        min(country_a) as country_a,
        min(country_b) as country_b,
        min(partnership_label) as partnership_label,
        min(action) as action,
        min(effective_date) as effective_date,
        min(date_precision) filter (where best_rank = 1) as date_precision,
        cast(count(distinct concat_ws('|', article_id, sentence_index)) as integer) as mention_count,
        list_sort(list_distinct(list(article_id))) as article_ids,
        min(evidence) filter (where best_rank = 1) as evidence,
    from ranked_mentions
    group by partnership_id
),

levels_joined as (
    select
        deduplicated.*,
        cast(levels.rank as integer) as level_rank,
    from deduplicated
    left join levels
        on deduplicated.partnership_label = levels.label
),

history as (
    select
        *,
        -- the latest `established` row of the pair strictly before this one
        last_value(
            case when action = 'established' then {'label': partnership_label, 'rank': level_rank} end
            ignore nulls
        ) over (
            partition by country_a, country_b
            order by effective_date asc nulls last, level_rank asc nulls first, action, partnership_label
            rows between unbounded preceding and 1 preceding
        ) as previous_established,
    from levels_joined
),

final as (
    select
        partnership_id,
        country_a,
        country_b,
        partnership_label,
        level_rank,
        action,
        effective_date,
        date_precision,
        previous_established.label as previous_label,
        coalesce(action = 'status' and level_rank < previous_established.rank, false) as is_below_current,
        mention_count,
        article_ids,
        evidence,
    from history
)

select * from final
