{#- listed: defined in _listed.md, tested by hand in _listed.yml.
    Its members hold one row per person and period (tested), so rows are persons:
    macros/indicators.sql, indicator_rows. -#}
{{ indicator_rows(
    'listed',
    members=ref('int_population_members'),
    numerator='count(*)'
) }}
