{#- diabetes_t2_hba1c_over_70: defined in _diabetes_t2_hba1c_over_70.md, tested by hand in _diabetes_t2_hba1c_over_70.yml. -#}
{{ indicator_rows(
    'diabetes_t2_hba1c_over_70',
    members=ref('int_hba1c_members'),
    numerator='count(distinct person_id) filter (where is_over_threshold)',
    denominator='count(distinct person_id)'
) }}
