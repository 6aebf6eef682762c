{#-
    The body of a CTE: for each `key`, the non-null value of `column` that the most rows of `relation`
    carry; ties go to the smallest value, so the choice is deterministic. Returns (key, column).
-#}
{% macro most_mentioned(relation, key, column) %}
    select
        {{ key }},
        {{ column }},
    from {{ relation }}
    where {{ column }} is not null
    group by {{ key }}, {{ column }}
    qualify row_number() over (
        partition by {{ key }}
        order by count(*) desc, {{ column }}
    ) = 1
{% endmacro %}
