{#- frequent_attenders_share: defined in _frequent_attenders_share.md, tested by hand in _frequent_attenders_share.yml.
    Its members hold one row per person and period (tested), so rows are persons:
    macros/indicators.sql, indicator_rows. -#}
{{ indicator_rows(
    'frequent_attenders_share',
    members=ref('int_listed_person_activity'),
    numerator='count(*) filter (where is_frequent_attender)',
    denominator='count(*)'
) }}
