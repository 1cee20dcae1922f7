{#- continuity_nurse: defined in _continuity_nurse.md, tested by hand in _continuity_nurse.yml. -#}
{{ indicator_rows(
    'continuity_nurse',
    members=ref('int_continuity_members'),
    numerator="sum(coc) filter (where profession_group = 'nurse')",
    denominator="count(distinct person_id) filter (where profession_group = 'nurse')"
) }}
