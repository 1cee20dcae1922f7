{#- All indicators of indicators.md in one long table: one row per centre (and REGION),
    period and indicator. Each entry below names the indicator, the model of its members
    (persons or events, with the flags that decide the numerator) and the aggregates that make
    numerator and denominator; `summarise_indicator` does the rest the same way for all.

    Incremental on period: a run rebuilds only the periods of its vars, the history stays. -#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='period',
) }}

{%- set persons = 'count(distinct person_id)' -%}
{%- set indicators = [
    {'indicator': 'listed', 'members': ref('int_population_members'), 'numerator': persons},
    {'indicator': 'active_choice_share', 'members': ref('int_population_members'),
     'numerator': 'count(distinct person_id) filter (where is_active_choice)', 'denominator': persons},
    {'indicator': 'cni', 'members': ref('int_population_members'),
     'numerator': 'sum(cni_score)', 'denominator': persons},
    {'indicator': 'diabetes_prevalence', 'members': ref('int_population_members'),
     'numerator': 'count(distinct person_id) filter (where has_diabetes)', 'denominator': persons},

    {'indicator': 'contacts', 'members': ref('int_centre_month_contacts'),
     'numerator': 'count(distinct contact_id)'},
    {'indicator': 'patients_seen', 'members': ref('int_centre_month_contacts'),
     'numerator': 'count(distinct person_id) filter (where is_valid_person_id)'},
    {'indicator': 'home_visits', 'members': ref('int_centre_month_contacts'),
     'numerator': "count(distinct contact_id) filter (where contact_type = 'Hembesök')"},
    {'indicator': 'ed_visits_per_1000', 'members': ref('int_listed_person_activity'),
     'numerator': 'sum(ed_visits_12m)', 'denominator': persons},
    {'indicator': 'coverage', 'members': ref('int_coverage_members'),
     'numerator': 'count(distinct contact_id) filter (where is_primary_care)',
     'denominator': 'count(distinct contact_id)'},
    {'indicator': 'frequent_attenders_share', 'members': ref('int_listed_person_activity'),
     'numerator': 'count(distinct person_id) filter (where is_frequent_attender)', 'denominator': persons},

    {'indicator': 'continuity_doctor', 'members': ref('int_continuity_members'),
     'numerator': "sum(coc) filter (where profession_group = 'doctor')",
     'denominator': "count(distinct person_id) filter (where profession_group = 'doctor')"},
    {'indicator': 'continuity_nurse', 'members': ref('int_continuity_members'),
     'numerator': "sum(coc) filter (where profession_group = 'nurse')",
     'denominator': "count(distinct person_id) filter (where profession_group = 'nurse')"},

    {'indicator': 'phone_same_day', 'members': ref('int_phone_call_members'),
     'numerator': 'count(distinct call_id) filter (where is_measured and is_reached)',
     'denominator': 'count(distinct call_id) filter (where is_measured)'},
    {'indicator': 'assessment_within_3_days', 'members': ref('int_assessment_members'),
     'numerator': 'count(distinct contact_id) filter (where is_within_limit)',
     'denominator': 'count(distinct contact_id)'},

    {'indicator': 'diabetes_bp_controlled', 'members': ref('int_diabetes_bp_members'),
     'numerator': 'count(distinct person_id) filter (where is_bp_controlled)',
     'denominator': 'count(distinct person_id) filter (where has_bp)'
                    if var('diabetes_bp_denominator_measured_only') else persons},
    {'indicator': 'diabetes_bp_missing', 'members': ref('int_diabetes_bp_members'),
     'numerator': 'count(distinct person_id) filter (where not has_bp)', 'denominator': persons},
    {'indicator': 'diabetes_t2_hba1c_over_70', 'members': ref('int_hba1c_members'),
     'numerator': 'count(distinct person_id) filter (where is_over_threshold)', 'denominator': persons},
    {'indicator': 'depression_follow_up', 'members': ref('int_mental_health_follow_up_members'),
     'numerator': "count(distinct event_id) filter (where diagnosis_group = 'depression' and is_followed_up)",
     'denominator': "count(distinct event_id) filter (where diagnosis_group = 'depression')"},
    {'indicator': 'anxiety_follow_up', 'members': ref('int_mental_health_follow_up_members'),
     'numerator': "count(distinct event_id) filter (where diagnosis_group = 'anxiety' and is_followed_up)",
     'denominator': "count(distinct event_id) filter (where diagnosis_group = 'anxiety')"},
    {'indicator': 'copd_follow_up', 'members': ref('int_copd_follow_up_members'),
     'numerator': 'count(distinct person_id) filter (where is_followed_up)', 'denominator': persons},
    {'indicator': 'elderly_kidney_function', 'members': ref('int_elderly_kidney_members'),
     'numerator': 'count(distinct person_id) filter (where has_kidney_function_test)', 'denominator': persons},
    {'indicator': 'health_talk_offered', 'members': ref('int_health_talk_members'),
     'numerator': 'count(distinct person_id) filter (where is_offered)', 'denominator': persons},
    {'indicator': 'health_talk_completed', 'members': ref('int_health_talk_members'),
     'numerator': 'count(distinct person_id) filter (where is_completed)', 'denominator': persons},

    {'indicator': 'gp_specialist_share', 'members': ref('int_staffing_members'),
     'numerator': 'sum(fte) filter (where is_doctor and not is_in_training and is_gp_specialist)',
     'denominator': 'sum(fte) filter (where is_doctor and not is_in_training)'},
    {'indicator': 'district_nurse_share', 'members': ref('int_staffing_members'),
     'numerator': 'sum(fte) filter (where is_nurse and is_district_nurse)',
     'denominator': 'sum(fte) filter (where is_nurse)'},
    {'indicator': 'hired_doctor_share', 'members': ref('int_staffing_members'),
     'numerator': 'sum(fte) filter (where is_doctor and is_hired)',
     'denominator': 'sum(fte) filter (where is_doctor)'},

    {'indicator': 'reg_doctor_contacts_without_diagnosis', 'members': ref('contact_registration_flags'),
     'numerator': 'count(*) filter (where is_doctor_contact and not has_diagnosis)',
     'denominator': 'count(*) filter (where is_doctor_contact)'},
    {'indicator': 'reg_contacts_without_diagnosis', 'members': ref('contact_registration_flags'),
     'numerator': 'count(*) filter (where is_licensed and not has_diagnosis)',
     'denominator': 'count(*) filter (where is_licensed)'},
    {'indicator': 'reg_invalid_codes', 'members': ref('code_registration_flags'),
     'numerator': 'count(*) filter (where not is_well_formed)', 'denominator': 'count(*)'},
    {'indicator': 'reg_unknown_kva_codes', 'members': ref('code_registration_flags'),
     'numerator': 'count(*) filter (where is_unknown_kva)',
     'denominator': "count(*) filter (where code_type = 'KVA' and is_well_formed)"},
    {'indicator': 'reg_guarantee_without_seek_date', 'members': ref('contact_registration_flags'),
     'numerator': 'count(*) filter (where is_missing_seek_date)',
     'denominator': 'count(*) filter (where is_care_guarantee)'},
    {'indicator': 'reg_contacts_without_staff_id', 'members': ref('contact_registration_flags'),
     'numerator': 'count(*) filter (where is_missing_staff_id)', 'denominator': 'count(*)'},
    {'indicator': 'reg_invalid_personnummer', 'members': ref('contact_registration_flags'),
     'numerator': 'count(*) filter (where has_invalid_personnummer)', 'denominator': 'count(*)'},
] -%}

with computed as (
    {% for i in indicators %}
    {{ summarise_indicator(i.indicator, i.members, i.numerator, i.get('denominator')) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

catalogue as (
    select indicator, kind from {{ ref('indicator_catalogue') }}
    where indicator in ({% for i in indicators %}'{{ i.indicator }}'{% if not loop.last %}, {% endif %}{% endfor %})
),

spine as (
    select centre_periods.centre_id, centre_periods.period, catalogue.indicator, catalogue.kind
    from {{ ref('int_centre_periods') }} as centre_periods
    cross join catalogue
),

filled as (
    select
        spine.centre_id,
        spine.period,
        spine.indicator,
        spine.kind,
        coalesce(computed.numerator, 0) as numerator,
        case when spine.kind = 'count' then null else coalesce(computed.denominator, 0) end as denominator
    from spine
    left join computed
        on spine.centre_id = computed.centre_id
        and spine.period = computed.period
        and spine.indicator = computed.indicator
)

select
    centre_id,
    period,
    indicator,
    numerator,
    denominator,
    {{ indicator_value('kind', 'numerator', 'denominator') }} as value
from filled
