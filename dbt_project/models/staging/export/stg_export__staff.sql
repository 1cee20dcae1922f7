with source as (
    select * from {{ source('raw', 'bemanning') }}
)

select
    delivery_month,
    source_row,
    "VardenhetHSAid" as centre_id,
    "PersonalID" as staff_id,
    "Yrkeskategori" as profession,
    nullif(trim("Specialist"), '') as specialty,
    nullif(trim("Tjanst"), '') as training_post,
    "Sysselsattning" as fte,
    "Inhyrd" = 'J' as is_hired
from source
