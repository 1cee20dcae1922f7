{#- Statistical process control of the board's access figures (0:an, 3:an): for each centre (and
    REGION), indicator and reference month, a p-chart over the 24 months up to that month
    (var spc_window_months), judged with the rules of NHS England's Making Data Count:
      outside_limits  the month is outside the 3-sigma limits
      shift           the month ends a run of 7 or more on one side of the centre line
      trend           the month ends 6 or more points in a row rising, or falling
      two_of_three    two of the last three months beyond 2 sigma on the same side
    variation: improvement or concern when a rule holds for the month (which, by the indicator's
    target rule: higher is better for a min target), else common (common-cause variation).

    A p-chart because both figures are shares of a count that changes month to month (calls,
    assessments): its limits widen for a small month, which an XmR chart would not know. The
    centre line is the share over the whole window (sum of numerators / sum of denominators);
    months without a denominator are not points. A centre needs var spc_min_points months. -#}
{%- set window = var('spc_window_months') %}

with built as (
    select period, period_start from {{ ref('int_periods') }}
),

direction as (
    select indicator, bool_or(target_rule = 'min') as higher_is_better
    from {{ ref('indicator_targets') }}
    group by all
),

points as (
    select
        built.period,
        values.centre_id,
        values.indicator,
        values.period as point_period,
        values.numerator,
        values.denominator,
        values.numerator / values.denominator as share
    from built
    inner join {{ ref('indicator_values') }} as values
        on values.period <= built.period
        and values.period > strftime({{ months_before('built.period_start', window) }}, '%Y-%m')
    where values.indicator in ('phone_same_day', 'assessment_within_3_days')
      and values.denominator > 0
),

centre_lines as (
    select period, centre_id, indicator,
           sum(numerator) / sum(denominator) as centre_line,
           sum(denominator) as window_denominator,
           count(*) as points
    from points
    group by all
),

scored as (
    select
        points.*,
        centre_lines.centre_line,
        centre_lines.window_denominator,
        centre_lines.points,
        sqrt(centre_lines.centre_line * (1 - centre_lines.centre_line) / points.denominator) as sigma,
        row_number() over chart as point_number
    from points
    inner join centre_lines using (period, centre_id, indicator)
    window chart as (partition by points.period, points.centre_id, points.indicator order by points.point_period)
),

sided as (
    select
        *,
        (share - centre_line) / nullif(sigma, 0) as z,
        sign(share - centre_line) as side,
        sign(share - lag(share) over chart) as step
    from scored
    window chart as (partition by period, centre_id, indicator order by point_period)
),

runs as (
    {#- Consecutive points with the same side (or the same step) share an island number. -#}
    select
        *,
        point_number - row_number() over (partition by period, centre_id, indicator, side
                                          order by point_period) as side_island,
        point_number - row_number() over (partition by period, centre_id, indicator, step
                                          order by point_period) as step_island
    from sided
),

run_lengths as (
    select
        *,
        case when side <> 0 then count(*) over (partition by period, centre_id, indicator, side, side_island
                                                order by point_period) end as side_run,
        case when step <> 0 then count(*) over (partition by period, centre_id, indicator, step, step_island
                                                order by point_period) end as step_run,
        count(*) filter (where z > 2) over last_three as high_in_last_three,
        count(*) filter (where z < -2) over last_three as low_in_last_three
    from runs
    window last_three as (partition by period, centre_id, indicator order by point_period
                          rows between 2 preceding and current row)
),

latest as (
    select
        run_lengths.*,
        coalesce(abs(z) > 3, false) as outside_limits,
        coalesce(side_run, 0) >= 7 as shift,
        {#- Five steps the same way are six points in a row. -#}
        coalesce(step_run, 0) >= 5 as trend,
        high_in_last_three >= 2 or low_in_last_three >= 2 as two_of_three,
        {#- Which way each rule points: up or down the chart. -#}
        coalesce(abs(z) > 3 and z > 0, false) or (coalesce(side_run, 0) >= 7 and side > 0)
            or (coalesce(step_run, 0) >= 5 and step > 0) or high_in_last_three >= 2 as signal_up,
        coalesce(abs(z) > 3 and z < 0, false) or (coalesce(side_run, 0) >= 7 and side < 0)
            or (coalesce(step_run, 0) >= 5 and step < 0) or low_in_last_three >= 2 as signal_down
    from run_lengths
    where point_period = period
)

select
    latest.centre_id,
    latest.period,
    latest.indicator,
    latest.share as value,
    latest.denominator,
    latest.points,
    latest.centre_line,
    latest.window_denominator,
    {{ p_chart_limit('lower', 'latest.centre_line', 'latest.denominator') }} as lower_limit,
    {{ p_chart_limit('upper', 'latest.centre_line', 'latest.denominator') }} as upper_limit,
    latest.outside_limits,
    latest.shift,
    latest.trend,
    latest.two_of_three,
    {#- Improvement when every signal points the good way (up, for a min target); concern when
        any points the bad way. -#}
    case
        when latest.points < {{ var('spc_min_points') }} then null
        when not (latest.signal_up or latest.signal_down) then 'common'
        when coalesce(direction.higher_is_better, true) and latest.signal_down then 'concern'
        when not coalesce(direction.higher_is_better, true) and latest.signal_up then 'concern'
        else 'improvement'
    end as variation
from latest
left join direction using (indicator)
