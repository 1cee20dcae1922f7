with source as (
    select * from {{ source('raw', 'lakemedel') }}
)

select
    delivery_month,
    source_row,
    person_pseudonym as person_id,
    pnr_kind in ('personnummer', 'samordningsnummer') as is_valid_person_id,
    "Datum" as prescribed_on,
    upper(trim("ATC")) as atc_code,
    "VardenhetHSAid" as unit_id
from source
