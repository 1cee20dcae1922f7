{#- gp_specialist_share: defined in _gp_specialist_share.md, tested by hand in _gp_specialist_share.yml. -#}
{{ indicator_rows(
    'gp_specialist_share',
    members=ref('int_staffing_members'),
    numerator='sum(fte) filter (where is_doctor and not is_in_training and is_gp_specialist)',
    denominator='sum(fte) filter (where is_doctor and not is_in_training)'
) }}
