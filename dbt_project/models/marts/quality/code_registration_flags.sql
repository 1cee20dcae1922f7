{#- One row per code registered on a primary-care contact of the region's centres in the
    period's month: is it of the shape of its Kodtyp, and is a KVÅ code in the region's list. -#}
with contacts as (
    select period, centre_id, contact_id from {{ ref('int_centre_month_contacts') }}
),

codes as (
    select * from {{ ref('stg_export__codes') }}
    where contact_id in (select contact_id from contacts)
),

kva_codes as (
    select code from {{ ref('kva_codes') }}
)

select
    contacts.period,
    contacts.centre_id,
    codes.contact_id,
    codes.code_type,
    codes.code_as_registered,
    codes.code,
    codes.code_order,
    codes.is_well_formed,
    codes.code_type = 'KVA' and codes.is_well_formed and kva_codes.code is null as is_unknown_kva
from codes
inner join contacts on codes.contact_id = contacts.contact_id
left join kva_codes on codes.code = kva_codes.code
