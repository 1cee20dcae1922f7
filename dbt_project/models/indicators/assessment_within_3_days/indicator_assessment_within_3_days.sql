{#- assessment_within_3_days: defined in _assessment_within_3_days.md, tested by hand in _assessment_within_3_days.yml. -#}
{{ indicator_rows(
    'assessment_within_3_days',
    members=ref('int_assessment_members'),
    numerator='count(distinct contact_id) filter (where is_within_limit)',
    denominator='count(distinct contact_id)'
) }}
