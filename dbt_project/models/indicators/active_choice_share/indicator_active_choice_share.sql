{#- active_choice_share: defined in _active_choice_share.md, tested by hand in _active_choice_share.yml.
    Its members hold one row per person and period (tested), so rows are persons:
    macros/indicators.sql, indicator_rows. -#}
{{ indicator_rows(
    'active_choice_share',
    members=ref('int_population_members'),
    numerator='count(*) filter (where is_active_choice)',
    denominator='count(*)'
) }}
