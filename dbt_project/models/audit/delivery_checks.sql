{#- Is the delivery complete? Each month's measures (delivery_measures) against the same centre's
    (or the region's) trailing months, with the rules of seeds/delivery_rules.csv.

    The band: the median of the trailing months (up to var delivery_history_months) +/- k robust
    standard deviations (k = var delivery_band_k; a robust sd is 1.4826 x the median absolute
    deviation) or k times the sampling noise of the month's volume (Poisson for counts and
    rates, binomial for shares), whichever is wider, and never narrower than +/- the measure's
    min_relative_band of the expected value or its min_absolute_band (two working days for a
    gap). A gap (direction high) is flagged only when too long. A count is compared as a share of the rest of the region's rows, so the region's
    seasons (July, Christmas) and month lengths cancel out; the expected rows are that share of
    this month's rest of the region.

    status: ok, flagged (outside the band), too_small (expected volume below min_volume: a
    small centre raises no noise), no_history (fewer than delivery_min_history_months earlier
    months). A month is never stopped for a flag: the figures are built, and the reports of the
    centres concerned say they are provisional. -#}
{%- set window = var('delivery_history_months') %}

with measures as (
    select * from {{ ref('delivery_measures') }}
),

rules as (
    select * from {{ ref('delivery_rules') }}
),

built as (
    select period, period_start from {{ ref('int_periods') }}
),

current_measures as (
    select measures.*, built.period_start, rules.grain
    from measures
    inner join built on measures.period = built.period
    inner join rules on measures.measure = rules.measure
    where (measures.centre_id = 'REGION' and rules.grain in ('region', 'both'))
       or (measures.centre_id <> 'REGION' and rules.grain in ('centre', 'both'))
),

history as (
    select
        current_measures.period,
        current_measures.centre_id,
        current_measures.measure,
        earlier.value / nullif(earlier.scale, 0) as relative_value,
        earlier.denominator,
        earlier.file_share
    from current_measures
    inner join measures as earlier
        on earlier.centre_id = current_measures.centre_id
        and earlier.measure = current_measures.measure
        and earlier.period < current_measures.period
        and earlier.period >= strftime({{ months_before('current_measures.period_start', window) }}, '%Y-%m')
    where earlier.value is not null
),

medians as (
    select period, centre_id, measure,
           count(relative_value) as history_months,
           median(relative_value) as median_value,
           median(file_share) as usual_file_share,
           max(denominator) as largest_history_volume
    from history
    group by all
),

trailing_months as (
    select medians.period, medians.centre_id, medians.measure, medians.history_months,
           medians.median_value, medians.usual_file_share, medians.largest_history_volume,
           median(abs(history.relative_value - medians.median_value)) as median_absolute_deviation
    from history
    inner join medians using (period, centre_id, measure)
    group by all
),

expected as (
    select
        current_measures.period,
        current_measures.file,
        current_measures.centre_id,
        current_measures.measure,
        rules.method,
        rules.direction,
        rules.min_volume,
        rules.min_relative_band,
        rules.min_absolute_band,
        current_measures.value as observed,
        current_measures.denominator,
        coalesce(trailing_months.history_months, 0) as history_months,
        trailing_months.largest_history_volume,
        trailing_months.median_value * current_measures.scale as expected,
        1.4826 * trailing_months.median_absolute_deviation * current_measures.scale as robust_sd,
        case when current_measures.centre_id = 'REGION' then 1.0
             else coalesce(trailing_months.usual_file_share, current_measures.file_share, 0) end as weight
    from current_measures
    inner join rules on current_measures.measure = rules.measure
    left join trailing_months
        on current_measures.period = trailing_months.period
        and current_measures.centre_id = trailing_months.centre_id
        and current_measures.measure = trailing_months.measure
),

banded as (
    select
        *,
        case method
            when 'count' then sqrt(greatest(expected, 0))
            when 'rate' then sqrt(greatest(expected, 0) / nullif(denominator, 0))
            when 'share' then sqrt(greatest(expected * (1 - expected), 0) / nullif(denominator, 0))
            else 0
        end as sampling_sd,
        {#- What a small centre is judged on: its expected rows (counts, levels), else what the
            measure rests on (contacts, doctor contacts, rows per working day). -#}
        case when method in ('count', 'level') then expected else denominator end as volume
    from expected
),

limits as (
    select
        *,
        greatest({{ var('delivery_band_k') }} * greatest(coalesce(robust_sd, 0), coalesce(sampling_sd, 0)),
                 min_relative_band * abs(expected), min_absolute_band) as half_width
    from banded
)

select
    period as month,
    file,
    centre_id,
    measure,
    observed,
    {#- Rounded: the band is a judgement, not a measurement, and 4 decimals read in every report. -#}
    round(expected, 4) as expected,
    {#- A gap can only be too long: its band starts at 0. -#}
    round(case when direction = 'high' then 0 else greatest(expected - half_width, 0) end, 4) as expected_low,
    round(case when method = 'share' then least(expected + half_width, 1) else expected + half_width end, 4)
        as expected_high,
    case
        when history_months < {{ var('delivery_min_history_months') }} then 'no_history'
        when coalesce(volume, 0) < min_volume then 'too_small'
        when observed is null
          or (direction = 'both' and observed < expected - half_width)
          or observed > expected + half_width then 'flagged'
        else 'ok'
    end as status,
    history_months,
    weight,
    round(observed - expected, 4) as deviation
from limits
{# A centre of the seed that has delivered nothing in the window is not one of this region's
   delivering centres (a region loads a subset, or a centre has closed): nothing to check. #}
where centre_id = 'REGION' or coalesce(denominator, 0) > 0 or coalesce(largest_history_volume, 0) > 0
