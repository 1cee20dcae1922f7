{#- contacts: defined in _contacts.md, tested by hand in _contacts.yml. -#}
{{ indicator_rows(
    'contacts',
    members=ref('int_centre_month_contacts'),
    numerator='count(distinct contact_id)'
) }}
