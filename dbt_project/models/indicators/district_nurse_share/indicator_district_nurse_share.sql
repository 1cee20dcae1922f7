{#- district_nurse_share: defined in _district_nurse_share.md, tested by hand in _district_nurse_share.yml. -#}
{{ indicator_rows(
    'district_nurse_share',
    members=ref('int_staffing_members'),
    numerator='sum(fte) filter (where is_nurse and is_district_nurse)',
    denominator='sum(fte) filter (where is_nurse)'
) }}
