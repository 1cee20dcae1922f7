{#- phone_same_day: defined in _phone_same_day.md, tested by hand in _phone_same_day.yml. -#}
{{ indicator_rows(
    'phone_same_day',
    members=ref('int_phone_call_members'),
    numerator='count(distinct call_id) filter (where is_measured and is_reached)',
    denominator='count(distinct call_id) filter (where is_measured)'
) }}
