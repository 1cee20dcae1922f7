{#- active_choice_share: defined in _active_choice_share.md, tested by hand in _active_choice_share.yml. -#}
{{ indicator_rows(
    'active_choice_share',
    members=ref('int_population_members'),
    numerator='count(distinct person_id) filter (where is_active_choice)',
    denominator='count(distinct person_id)'
) }}
