{#- copd_follow_up: defined in _copd_follow_up.md, tested by hand in _copd_follow_up.yml. -#}
{{ indicator_rows(
    'copd_follow_up',
    members=ref('int_copd_follow_up_members'),
    numerator='count(distinct person_id) filter (where is_followed_up)',
    denominator='count(distinct person_id)'
) }}
