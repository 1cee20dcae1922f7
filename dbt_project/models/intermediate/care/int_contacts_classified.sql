{#- Every contact the run's windows can reach, with what the indicators ask of it: the
    profession group, licensed or not, physical or not, and whether the unit is one of the
    region's health centres. The longest window is the diagnoses' (60 months): a run reads that
    much history before its first month, and nothing after its last reference date. A view:
    each model that reads it takes only its own window (12, 18 or 60 months) from the staging
    table, instead of every run writing 60 months of contacts again. -#}
with contacts as (
    select * from {{ ref('stg_export__contacts') }}
    where {{ in_run_window('contact_date', var('diagnosis_lookback_months')) }}
),

professions as (
    select * from {{ ref('professions') }}
),

contact_types as (
    select * from {{ ref('contact_types') }}
),

centres as (
    select hsa_id from {{ ref('centres') }}
)

select
    contacts.contact_id,
    contacts.person_id,
    contacts.is_valid_person_id,
    contacts.pnr_kind,
    contacts.unit_id,
    contacts.care_level,
    contacts.contacted_at,
    contacts.contact_date,
    contacts.contact_month,
    contacts.contact_type,
    contacts.profession,
    contacts.staff_id,
    contacts.is_care_guarantee,
    contacts.sought_care_on,
    contacts.is_late_registration,
    contacts.delivery_month,
    coalesce(professions.profession_group, 'other') as profession_group,
    coalesce(professions.is_licensed, false) as is_licensed,
    coalesce(contact_types.is_physical, false) as is_physical,
    centres.hsa_id is not null as is_region_centre,
    {{ is_centre_primary_care('contacts.care_level', 'contacts.unit_id') }} as is_centre_primary_care
from contacts
left join professions on contacts.profession = professions.profession
left join contact_types on contacts.contact_type = contact_types.contact_type
left join centres on contacts.unit_id = centres.hsa_id
