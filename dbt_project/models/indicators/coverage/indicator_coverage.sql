{#- coverage: defined in _coverage.md, tested by hand in _coverage.yml. -#}
{{ indicator_rows(
    'coverage',
    members=ref('int_listed_person_activity'),
    numerator='sum(coverage_primary_care_12m)',
    denominator='sum(coverage_contacts_12m)'
) }}
