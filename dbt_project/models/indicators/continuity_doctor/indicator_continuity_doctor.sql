{#- continuity_doctor: defined in _continuity_doctor.md, tested by hand in _continuity_doctor.yml. -#}
{{ indicator_rows(
    'continuity_doctor',
    members=ref('int_continuity_members'),
    numerator="sum(coc) filter (where profession_group = 'doctor')",
    denominator="count(distinct person_id) filter (where profession_group = 'doctor')"
) }}
