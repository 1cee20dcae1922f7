{#- cni: defined in _cni.md, tested by hand in _cni.yml. -#}
{{ indicator_rows(
    'cni',
    members=ref('int_population_members'),
    numerator='sum(cni_score)',
    denominator='count(distinct person_id)'
) }}
