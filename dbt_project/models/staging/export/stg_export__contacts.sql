{#- One row per KontaktID: a contact delivered again in a later month replaces the earlier
    row (exports.md), so the latest delivery wins. Incremental: a run looks again only at the
    contacts its months touch (macros/run_months.sql), so what a month costs does not grow with
    the history; a full build (`--full-refresh`) gives the same rows. -#}
{{ config(post_hook="{{ delete_withdrawn(source('raw', 'vardkontakter')) }}") }}

with source as (
    {% if is_incremental() %}
    {{ delivered_rows_to_rework(source('raw', 'vardkontakter')) }}
    {% else %}
    select * from {{ source('raw', 'vardkontakter') }}
    {% endif %}
),

latest_delivery as (
    select *
    from source
    qualify row_number() over (partition by "KontaktID" order by delivery_month desc, source_row desc) = 1
)

select
    "KontaktID" as contact_id,
    delivery_month,
    source_row,
    person_pseudonym as person_id,
    pnr_kind,
    pnr_kind in ('personnummer', 'samordningsnummer') as is_valid_person_id,
    pnr_birth_date as birth_date,
    "VardenhetHSAid" as unit_id,
    "Vardniva" as care_level,
    "Kontaktdatum" as contacted_at,
    cast("Kontaktdatum" as date) as contact_date,
    strftime("Kontaktdatum", '%Y-%m') as contact_month,
    "Kontakttyp" as contact_type,
    "Yrkeskategori" as profession,
    nullif(trim("PersonalID"), '') as staff_id,
    coalesce("Vardgaranti" = 'J', false) as is_care_guarantee,
    "Sokdatum" as sought_care_on,
    strftime("Kontaktdatum", '%Y-%m') <> delivery_month as is_late_registration,
    {{ this_run_started_at() }} as staged_at
from latest_delivery
