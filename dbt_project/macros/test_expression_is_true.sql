{#-
    Generic test (a stand-in for dbt_utils.expression_is_true, which cannot be installed offline):
    fails on every row where `expression` is false. Rows where it is null pass, as in dbt_utils.
    On a column, the column name is prefixed: `expression: ">= start_date"`.
-#}
{% test expression_is_true(model, expression, column_name=none) %}

with checked as (
    select *
    from {{ model }}
    {%- if column_name is none %}
    where not ({{ expression }})
    {%- else %}
    where not ({{ column_name }} {{ expression }})
    {%- endif %}
)

select * from checked

{% endtest %}
