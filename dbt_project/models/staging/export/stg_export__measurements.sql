with source as (
    select * from {{ source('raw', 'matvarden') }}
)

select
    delivery_month,
    source_row,
    person_pseudonym as person_id,
    pnr_kind in ('personnummer', 'samordningsnummer') as is_valid_person_id,
    "Datum" as measured_on,
    "Variabel" as variable,
    "Varde" as value,
    "VardenhetHSAid" as unit_id
from source
