{#- The reference months this run builds (macros/run_months.sql): the run's months (YYYY-MM),
    or the latest delivered month. Only months with a delivered listing snapshot are
    built, since every indicator is taken as of that snapshot. -#}
with month_starts as (
    select period, cast(strptime(period || '-01', '%Y-%m-%d') as date) as period_start
    from ({{ run_months() }})
)

select
    period,
    period_start,
    last_day(period_start) as reference_date,
    strftime({{ months_before('period_start', 1) }}, '%Y-%m') as previous_period
from month_starts
