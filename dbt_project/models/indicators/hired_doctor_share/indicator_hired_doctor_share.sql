{#- hired_doctor_share: defined in _hired_doctor_share.md, tested by hand in _hired_doctor_share.yml. -#}
{{ indicator_rows(
    'hired_doctor_share',
    members=ref('int_staffing_members'),
    numerator='sum(fte) filter (where is_doctor and is_hired)',
    denominator='sum(fte) filter (where is_doctor)'
) }}
