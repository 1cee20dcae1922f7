{#- 0:an. Calls to the region's centres that came in during the period's month.
    Measured: Utfall other than STANGT (outside telephone hours are not measured). Reached:
    BESVARAT, or ATERUPPRINGNING with the callback on the same calendar day. AVBRUTET and
    KO_FULL are measured and not reached. -#}
with calls as (
    select * from {{ ref('stg_export__calls') }}
),

periods as (
    select * from {{ ref('int_periods') }}
),

centres as (
    select hsa_id from {{ ref('centres') }}
)

select
    periods.period,
    calls.centre_id,
    calls.call_id,
    calls.outcome,
    calls.outcome <> 'STANGT' as is_measured,
    calls.outcome = 'BESVARAT'
        or (calls.outcome = 'ATERUPPRINGNING'
            and coalesce(cast(calls.called_back_at as date) = cast(calls.received_at as date), false))
        as is_reached
from calls
inner join periods on calls.call_month = periods.period
inner join centres on calls.centre_id = centres.hsa_id
