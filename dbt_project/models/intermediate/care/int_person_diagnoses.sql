{#- The diagnosis groups (seeds/icd10_groups.csv: prefix match on the normalised code) of the
    well-formed diagnosis codes on each contact of a valid person: one row per contact and
    group, at any care level, with the delivery months its contact and codes came from.
    Kept, not rebuilt: the diagnoses' 60-month window is the longest any run reads, and
    joining 60 months of codes to their contacts again in every run made the month grow with
    the history kept (3.3 s with 12 months, 11.3 s with 24 at 2.4 M listed). A run works out
    again only the contacts staging wrote since the table last grouped any, or that it
    dropped (macros/run_months.sql: forget_contacts_to_rework), and stamps them (grouped_at);
    tests/test_incremental.py compares it with a full build.
    The prefixes are matched against the distinct codes, and the codes then joined on
    equality: the prefix join on every code row took 2.5 s more at that size. -#}
{{ config(pre_hook="{{ forget_contacts_to_rework(version=diagnosis_groups_version()) }}") }}

with codes as (
    select contact_id, code, delivery_month
    from {{ ref('stg_export__codes') }}
    where code_type = 'DIA' and is_well_formed and {{ is_reworked_contact() }}
),

code_groups as (
    select distinct_codes.code, groups.diagnosis_group
    from (select distinct code from codes) as distinct_codes
    inner join {{ ref('icd10_groups') }} as groups on starts_with(distinct_codes.code, groups.code_prefix)
),

contact_groups as (
    select codes.contact_id, code_groups.diagnosis_group, max(codes.delivery_month) as codes_delivery_month
    from codes
    inner join code_groups using (code)
    group by all
),

contacts as (
    select contact_id, person_id, contact_date, unit_id, care_level, delivery_month
    from {{ ref('stg_export__contacts') }}
    where is_valid_person_id and {{ is_reworked_contact() }}
)

select
    contacts.person_id,
    contacts.contact_id,
    contacts.contact_date,
    contacts.unit_id,
    contacts.care_level,
    contact_groups.diagnosis_group,
    contacts.delivery_month as contact_delivery_month,
    contact_groups.codes_delivery_month,
    ({{ diagnosis_groups_version() }}) as groups_version,
    {{ this_run_started_at() }} as grouped_at
from contact_groups
inner join contacts using (contact_id)
