{#- diabetes_prevalence: defined in _diabetes_prevalence.md, tested by hand in _diabetes_prevalence.yml. -#}
{{ indicator_rows(
    'diabetes_prevalence',
    members=ref('int_population_members'),
    numerator='count(distinct person_id) filter (where has_diabetes)',
    denominator='count(distinct person_id)'
) }}
