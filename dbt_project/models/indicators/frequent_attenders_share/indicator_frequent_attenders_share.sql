{#- frequent_attenders_share: defined in _frequent_attenders_share.md, tested by hand in _frequent_attenders_share.yml. -#}
{{ indicator_rows(
    'frequent_attenders_share',
    members=ref('int_listed_person_activity'),
    numerator='count(distinct person_id) filter (where is_frequent_attender)',
    denominator='count(distinct person_id)'
) }}
