{#- The reference months this run builds: vars period_start..period_end (YYYY-MM), or the
    latest delivered month. Only months with a delivered listing snapshot are built, since
    every indicator is taken as of that snapshot. -#}
{%- set first = var('period_start') -%}
{%- set last = var('period_end') or first -%}

with delivered as (
    select distinct delivery_month as period
    from {{ source('raw', 'listning') }}
),

bounds as (
    select
        {% if first %}'{{ first }}'{% else %}(select max(period) from delivered){% endif %} as first_period,
        {% if last %}'{{ last }}'{% else %}(select max(period) from delivered){% endif %} as last_period
),

month_starts as (
    select delivered.period, cast(strptime(delivered.period || '-01', '%Y-%m-%d') as date) as period_start
    from delivered
    cross join bounds
    where delivered.period between bounds.first_period and bounds.last_period
)

select
    period,
    period_start,
    last_day(period_start) as reference_date,
    strftime({{ months_before('period_start', 1) }}, '%Y-%m') as previous_period
from month_starts
