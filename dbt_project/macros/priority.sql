{#-
    Sort keys for the vocabularies whose values have an order of preference (1 = best).
    Unknown or null values sort last.
-#}
{% macro date_precision_priority(column) -%}
    case {{ column }} when 'day' then 1 when 'month' then 2 when 'year' then 3 else 4 end
{%- endmacro %}

{% macro date_source_priority(column) -%}
    case {{ column }} when 'dateline' then 1 when 'text' then 2 when 'relative' then 3 when 'publication' then 4 else 5 end
{%- endmacro %}
