{#- health_talk_offered: defined in _health_talk_offered.md, tested by hand in _health_talk_offered.yml. -#}
{{ indicator_rows(
    'health_talk_offered',
    members=ref('int_health_talk_members'),
    numerator='count(distinct person_id) filter (where is_offered)',
    denominator='count(distinct person_id)'
) }}
