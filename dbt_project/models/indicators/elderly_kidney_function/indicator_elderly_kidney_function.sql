{#- elderly_kidney_function: defined in _elderly_kidney_function.md, tested by hand in _elderly_kidney_function.yml. -#}
{{ indicator_rows(
    'elderly_kidney_function',
    members=ref('int_elderly_kidney_members'),
    numerator='count(distinct person_id) filter (where has_kidney_function_test)',
    denominator='count(distinct person_id)'
) }}
