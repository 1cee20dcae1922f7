{#- Each ICD-10 category (three characters) of the well-formed diagnosis codes on each contact,
    at any unit and care level and whatever its personnummer: one row per contact and category,
    with the contact's unit, care level, person and month. What marts.top_diagnoses counts (the
    region's centres' primary care, in its 12 months).
    Kept, not rebuilt, as int_person_diagnoses is kept: rebuilding it joined 12 months of
    contacts to every code delivered and took 5.7 s of each month at 2.4 M listed. A run works
    out again only the contacts staging wrote since the table last took any, or that it dropped
    (macros/run_months.sql: forget_contacts_to_rework); tests/test_incremental.py compares it
    with a full build. Which units are the region's centres is left to the reader, so that a
    centre added to seeds/centres.csv counts its earlier contacts without a rebuild. -#}
{{ config(pre_hook="{{ forget_contacts_to_rework() }}") }}

with codes as (
    select contact_id, substr(code, 1, 3) as category, delivery_month
    from {{ ref('stg_export__codes') }}
    where code_type = 'DIA' and is_well_formed and {{ is_reworked_contact() }}
),

contact_categories as (
    select contact_id, category, max(delivery_month) as codes_delivery_month
    from codes
    group by all
),

contacts as (
    select contact_id, person_id, is_valid_person_id, unit_id, care_level, contact_date, contact_month, delivery_month
    from {{ ref('stg_export__contacts') }}
    where {{ is_reworked_contact() }}
)

select
    contacts.contact_id,
    contacts.person_id,
    contacts.is_valid_person_id,
    contacts.unit_id,
    contacts.care_level,
    contacts.contact_date,
    contacts.contact_month,
    contact_categories.category,
    contacts.delivery_month as contact_delivery_month,
    contact_categories.codes_delivery_month,
    {{ this_run_started_at() }} as grouped_at
from contact_categories
inner join contacts using (contact_id)
