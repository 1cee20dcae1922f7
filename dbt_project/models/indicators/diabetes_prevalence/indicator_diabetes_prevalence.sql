{#- diabetes_prevalence: defined in _diabetes_prevalence.md, tested by hand in _diabetes_prevalence.yml.
    Its members hold one row per person and period (tested), so rows are persons:
    macros/indicators.sql, indicator_rows. -#}
{{ indicator_rows(
    'diabetes_prevalence',
    members=ref('int_population_members'),
    numerator='count(*) filter (where has_diabetes)',
    denominator='count(*)'
) }}
