{#- cni: defined in _cni.md, tested by hand in _cni.yml.
    Its members hold one row per person and period (tested), so rows are persons:
    macros/indicators.sql, indicator_rows. -#}
{{ indicator_rows(
    'cni',
    members=ref('int_population_members'),
    numerator='sum(cni_score)',
    denominator='count(*)'
) }}
