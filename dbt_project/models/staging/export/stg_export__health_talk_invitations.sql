with source as (
    select * from {{ source('raw', 'halsosamtal') }}
)

select
    delivery_month,
    source_row,
    person_pseudonym as person_id,
    pnr_kind in ('personnummer', 'samordningsnummer') as is_valid_person_id,
    "VardenhetHSAid" as centre_id,
    "Inbjudningsdatum" as invited_on,
    "Kanal" as channel
from source
