{#- coverage: defined in _coverage.md, tested by hand in _coverage.yml. -#}
{{ indicator_rows(
    'coverage',
    members=ref('int_coverage_members'),
    numerator='count(distinct contact_id) filter (where is_primary_care)',
    denominator='count(distinct contact_id)'
) }}
