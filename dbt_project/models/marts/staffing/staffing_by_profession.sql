{#- FTE and staff per centre (and REGION), period and profession, with hired FTE. -#}
select
    coalesce(centre_id, 'REGION') as centre_id,
    period,
    profession,
    count(distinct centre_id || '|' || staff_id) as staff,
    sum(fte) as fte,
    coalesce(sum(fte) filter (where is_hired), 0) as hired_fte
from {{ ref('int_staffing_members') }}
group by grouping sets ((period, centre_id, profession), (period, profession))
