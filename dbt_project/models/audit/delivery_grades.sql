{#- A grade per month and file, and for the month's delivery as a whole (file = 'ALL'), from the
    share and weight of its delivery checks' flags, so a month's quality can be followed over
    time. The weight of a flag is the usual share of the file's rows held by the centre it
    concerns (1 for a flag on the region as a whole); a centre flagged on several measures of a
    file counts once.
      A  nothing flagged
      B  the flags concern at most var delivery_grade_b_max_share of the file's rows
      C  at most var delivery_grade_c_max_share
      D  more than that, or the file as a whole
    The delivery's grade is its worst file's. -#}
with checks as (
    select * from {{ ref('delivery_checks') }}
    where {{ in_run_periods('month') }}
),

flagged_centres as (
    select month, file, centre_id, max(weight) as weight
    from checks
    where status = 'flagged'
    group by all
),

files as (
    select
        checks.month,
        checks.file,
        count(*) filter (where checks.status in ('ok', 'flagged')) as checks_made,
        count(*) filter (where checks.status = 'flagged') as checks_flagged,
        count(distinct checks.centre_id) filter (where checks.status = 'flagged' and checks.centre_id <> 'REGION')
            as centres_flagged,
        least(coalesce(max(weights.flagged_weight), 0), 1) as flagged_weight
    from checks
    left join (
        select month, file, sum(weight) as flagged_weight from flagged_centres group by all
    ) as weights
        on checks.month = weights.month and checks.file = weights.file
    group by all
),

graded as (
    select
        *,
        case
            when checks_flagged = 0 then 'A'
            when flagged_weight <= {{ var('delivery_grade_b_max_share') }} then 'B'
            when flagged_weight <= {{ var('delivery_grade_c_max_share') }} then 'C'
            else 'D'
        end as grade
    from files
)

select month, file, checks_made, checks_flagged, centres_flagged, flagged_weight, grade
from graded
union all
select month, 'ALL', sum(checks_made), sum(checks_flagged),
       (select count(distinct centre_id) from flagged_centres
        where flagged_centres.month = graded.month and flagged_centres.centre_id <> 'REGION'),
       max(flagged_weight), max(grade)
from graded
group by month
