-- One row per founding event with a known year: the founding dates read in articles combined with
-- the reference seeds (China's diplomatic relations; commemorated events and China-EU relations). Precedence: a day-precise date from the text,
-- then the seed, then a less precise date from the text.

with

mentions as (
    select * from {{ ref('int_founding_mentions_keyed') }}
    where base_year is not null
),

relations as (
    select * from {{ ref('diplomatic_relations') }}
),

commemorations as (
    select * from {{ ref('commemorations') }}
),

exact_dates as (
    select
        * replace (case when date_precision = 'day' then base_date end as base_date),
    from mentions
),

text_dates as (
    select
        founding_key,
        base_year,
        base_date,
        date_precision,
        count(*) as n_mentions,
        list_sort(list_distinct(list(article_id))) as article_ids,
        arg_min(evidence, concat_ws('|', article_id, lpad(cast(sentence_index as varchar), 6, '0'))) as evidence,
        arg_min(subject, concat_ws('|', article_id, lpad(cast(sentence_index as varchar), 6, '0'))) as subject,
        bool_or(is_diplomatic_relations) as is_diplomatic_relations,
        min(country_codes) as country_codes,
    from exact_dates
    group by founding_key, base_year, base_date, date_precision
),

text_foundings as (
    select
        founding_key,
        subject,
        is_diplomatic_relations,
        country_codes,
        base_date,
        base_year,
        date_precision as base_precision,
        'text' as base_source,
        evidence,
        article_ids,
        case when date_precision = 'day' then 1 else 3 end as source_priority,
    from text_dates
    qualify row_number() over (
        partition by founding_key
        order by {{ date_precision_priority('date_precision') }}, n_mentions desc, base_year, base_date
    ) = 1
),

seed_foundings as (
    select
        'diplomatic relations|' || array_to_string(list_sort(['CHN', country_iso3]), ';') as founding_key,
        -- the parties' names in the order of their codes, as extraction names a relation
        'establishment of '
        || if(country_iso3 < 'CHN', country_name || '-China', 'China-' || country_name)
        || ' diplomatic relations' as subject,
        true as is_diplomatic_relations,
        list_sort(['CHN', country_iso3]) as country_codes,
        established_on as base_date,
        year(established_on) as base_year,
        'day' as base_precision,
        'reference' as base_source,
        cast(null as varchar) as evidence,
        cast(null as varchar[]) as article_ids,
        2 as source_priority,
    from relations
),

commemoration_foundings as (
    select
        founding_key,
        subject,
        founding_key like 'diplomatic relations|%' as is_diplomatic_relations,
        case
            when country_codes is null or country_codes = '' then cast([] as varchar[])
            else list_sort(string_split(country_codes, ';'))
        end as country_codes,
        base_date,
        year(base_date) as base_year,
        'day' as base_precision,
        'reference' as base_source,
        cast(null as varchar) as evidence,
        cast(null as varchar[]) as article_ids,
        2 as source_priority,
    from commemorations
),

candidates as (
    select * from text_foundings
    union all by name
    select * from seed_foundings
    union all by name
    select * from commemoration_foundings
),

chosen as (
    select
        candidates.* exclude (subject, source_priority),
        -- the seed's wording names the relation the same way for every country
        coalesce(seed_foundings.subject, candidates.subject) as subject,
    from candidates
    left join seed_foundings
        on candidates.founding_key = seed_foundings.founding_key
    qualify row_number() over (
        partition by candidates.founding_key
        order by candidates.source_priority
    ) = 1
),

final as (
    select
        founding_key,
        subject,
        is_diplomatic_relations,
        country_codes,
        base_date,
        cast(base_year as integer) as base_year,
        base_precision,
        base_source,
        evidence,
        article_ids,
    from chosen
)

select * from final
