{#- listed: defined in _listed.md, tested by hand in _listed.yml. -#}
{{ indicator_rows(
    'listed',
    members=ref('int_population_members'),
    numerator='count(distinct person_id)'
) }}
