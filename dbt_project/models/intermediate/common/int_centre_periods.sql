{#- Every centre of the region and REGION itself, for every period of the run: the spine that
    makes sure each indicator has a row even where nothing happened. -#}
with centres as (
    select hsa_id as centre_id from {{ ref('centres') }}
    union all
    select 'REGION'
)

select
    centres.centre_id,
    periods.period,
    periods.period_start,
    periods.reference_date
from centres
cross join {{ ref('int_periods') }} as periods
