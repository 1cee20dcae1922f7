{#- ed_visits_per_1000: defined in _ed_visits_per_1000.md, tested by hand in _ed_visits_per_1000.yml.
    Its members hold one row per person and period (tested), so rows are persons:
    macros/indicators.sql, indicator_rows. -#}
{{ indicator_rows(
    'ed_visits_per_1000',
    members=ref('int_listed_person_activity'),
    numerator='sum(ed_visits_12m)',
    denominator='count(*)'
) }}
