{#- patients_seen: defined in _patients_seen.md, tested by hand in _patients_seen.yml. -#}
{{ indicator_rows(
    'patients_seen',
    members=ref('int_centre_month_contacts'),
    numerator='count(distinct person_id) filter (where is_valid_person_id)'
) }}
