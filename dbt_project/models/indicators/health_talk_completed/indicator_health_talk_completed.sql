{#- health_talk_completed: defined in _health_talk_completed.md, tested by hand in _health_talk_completed.yml. -#}
{{ indicator_rows(
    'health_talk_completed',
    members=ref('int_health_talk_members'),
    numerator='count(distinct person_id) filter (where is_completed)',
    denominator='count(distinct person_id)'
) }}
