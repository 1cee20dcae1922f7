{#- The registration suite's counts: per centre (and REGION), period and check, the rows the
    check applies to and the rows that break it, from the flag models, with the check's tolerated
    share (seeds/registration_rules.csv) and whether the centre is above it beyond chance. The
    rules themselves are stated once, in registration_checks.
    Great Expectations validates these (one row per centre and check, a few hundred rows a
    month), never the contacts themselves. Each check is named as the reg_* indicator it
    mirrors; assert_registration_checks_match_seed fails when a check has no rule or a rule no
    check. -#}
with checked as (
    select * from {{ ref('registration_checks') }}
    where {{ in_run_periods() }}
),

counted as (
    select
        case when grouping(centre_id) = 1 then 'REGION' else centre_id end as centre_id,
        period,
        checked_on,
        check_name,
        count(*) filter (where applies) as checked,
        count(*) filter (where applies and is_flagged) as flagged
    from checked
    group by grouping sets ((period, checked_on, check_name, centre_id), (period, checked_on, check_name))
),

rules as (
    select * from {{ ref('registration_rules') }}
)

select
    counted.centre_id,
    counted.period,
    counted.checked_on,
    counted.check_name,
    counted.checked,
    counted.flagged,
    counted.flagged / nullif(counted.checked, 0) as share,
    {{ tolerance_lower_limit('counted.flagged', 'counted.checked') }} as share_lower_limit,
    rules.tolerated_share,
    {{ tolerance_lower_limit('counted.flagged', 'counted.checked') }} > rules.tolerated_share as exceeds_tolerance
from counted
left join rules on rules.rule = counted.check_name
