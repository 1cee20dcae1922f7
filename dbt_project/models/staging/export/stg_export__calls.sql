with source as (
    select * from {{ source('raw', 'telefoni') }}
),

latest_delivery as (
    select *
    from source
    qualify row_number() over (partition by "SamtalID" order by delivery_month desc, source_row desc) = 1
)

select
    "SamtalID" as call_id,
    delivery_month,
    source_row,
    "VardenhetHSAid" as centre_id,
    "Inkommande" as received_at,
    strftime("Inkommande", '%Y-%m') as call_month,
    "Utfall" as outcome,
    "Aterringd" as called_back_at,
    "Ko" as queue
from latest_delivery
