{#- depression_follow_up: defined in _depression_follow_up.md, tested by hand in _depression_follow_up.yml. -#}
{{ indicator_rows(
    'depression_follow_up',
    members=ref('int_mental_health_follow_up_members'),
    numerator="count(distinct event_id) filter (where diagnosis_group = 'depression' and is_followed_up)",
    denominator="count(distinct event_id) filter (where diagnosis_group = 'depression')"
) }}
