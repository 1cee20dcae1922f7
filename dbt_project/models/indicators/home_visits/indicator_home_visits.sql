{#- home_visits: defined in _home_visits.md, tested by hand in _home_visits.yml. -#}
{{ indicator_rows(
    'home_visits',
    members=ref('int_centre_month_contacts'),
    numerator="count(distinct contact_id) filter (where contact_type = 'Hembesök')"
) }}
