{#- diabetes_bp_controlled: defined in _diabetes_bp_controlled.md, tested by hand in _diabetes_bp_controlled.yml. -#}
{{ indicator_rows(
    'diabetes_bp_controlled',
    members=ref('int_diabetes_bp_members'),
    numerator='count(distinct person_id) filter (where is_bp_controlled)',
    denominator=('count(distinct person_id) filter (where has_bp)'
                 if var('diabetes_bp_denominator_measured_only') else 'count(distinct person_id)')
) }}
