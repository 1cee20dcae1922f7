{#- diabetes_bp_missing: defined in _diabetes_bp_missing.md, tested by hand in _diabetes_bp_missing.yml. -#}
{{ indicator_rows(
    'diabetes_bp_missing',
    members=ref('int_diabetes_bp_members'),
    numerator='count(distinct person_id) filter (where not has_bp)',
    denominator='count(distinct person_id)'
) }}
