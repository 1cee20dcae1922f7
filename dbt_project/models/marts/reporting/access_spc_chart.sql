{#- The p-charts of marts.access_spc as they are drawn: for each centre (and REGION), indicator
    and reference month, every month of the window (var spc_window_months) with its share, its
    denominator and its control limits around the reference month's centre line. The reports
    draw the chart from these rows; the verdict is access_spc's. Six decimals, as the other marts. -#}
with charts as (
    select spc.period, spc.centre_id, spc.indicator, spc.centre_line, spc.window_denominator, periods.period_start
    from {{ ref('access_spc') }} as spc
    inner join {{ ref('int_periods') }} as periods using (period)
)

select
    charts.centre_id,
    charts.period,
    charts.indicator,
    values.period as point_period,
    round(values.numerator / values.denominator, 6) as value,
    values.denominator,
    charts.centre_line,
    charts.window_denominator,
    round({{ p_chart_limit('lower', 'charts.centre_line', 'values.denominator') }}, 6) as lower_limit,
    round({{ p_chart_limit('upper', 'charts.centre_line', 'values.denominator') }}, 6) as upper_limit
from charts
inner join {{ ref('indicator_values') }} as values
    on values.centre_id = charts.centre_id
    and values.indicator = charts.indicator
    and values.period <= charts.period
    and values.period > strftime({{ months_before('charts.period_start', var('spc_window_months')) }}, '%Y-%m')
    and values.denominator > 0
