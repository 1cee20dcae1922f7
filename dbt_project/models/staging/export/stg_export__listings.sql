with source as (
    select * from {{ source('raw', 'listning') }}
)

select
    delivery_month,
    source_row,
    person_pseudonym as person_id,
    pnr_kind,
    pnr_problem,
    pnr_kind in ('personnummer', 'samordningsnummer') as is_valid_person_id,
    pnr_birth_date as birth_date,
    coalesce("Kon", pnr_sex) as sex,
    "VardenhetHSAid" as centre_id,
    "Listningsdatum" as listed_since,
    coalesce("AktivtVal" = 'J', false) as is_active_choice,
    nullif(trim("DeSO"), '') as deso,
    nullif(trim("Kommunkod"), '') as municipality_code
from source
