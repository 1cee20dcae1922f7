{#- Every indicator of indicators.md that marts.indicator_values computes: its code, the model
    of its members (persons or events, with the flags that decide the numerator) and the
    aggregates that make numerator and denominator. One list, read by the model and by the test
    that it equals seeds/indicator_catalogue.csv (tests/assert_indicators_match_catalogue.sql). -#}
{% macro indicator_definitions() %}
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
     'denominator': 'sum(fte) filter (where is_doctor)'}
] -%}
{#- The registration indicators count the rows of marts.registration_checks, where each rule is
    stated once: the rows it applies to, and of those the rows that break it. -#}
{%- for rule in ['reg_doctor_contacts_without_diagnosis', 'reg_contacts_without_diagnosis', 'reg_invalid_codes',
                 'reg_unknown_kva_codes', 'reg_guarantee_without_seek_date', 'reg_contacts_without_staff_id',
                 'reg_invalid_personnummer'] -%}
    {%- do indicators.append({
        'indicator': rule, 'members': ref('registration_checks'),
        'numerator': "count(*) filter (where check_name = '" ~ rule ~ "' and applies and is_flagged)",
        'denominator': "count(*) filter (where check_name = '" ~ rule ~ "' and applies)"}) -%}
{%- endfor -%}
{{ return(indicators) }}
{% endmacro %}
