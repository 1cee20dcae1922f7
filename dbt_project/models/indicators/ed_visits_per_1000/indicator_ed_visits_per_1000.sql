{#- ed_visits_per_1000: defined in _ed_visits_per_1000.md, tested by hand in _ed_visits_per_1000.yml. -#}
{{ indicator_rows(
    'ed_visits_per_1000',
    members=ref('int_listed_person_activity'),
    numerator='sum(ed_visits_12m)',
    denominator='count(distinct person_id)'
) }}
