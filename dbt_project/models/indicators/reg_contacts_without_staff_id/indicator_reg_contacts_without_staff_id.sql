{#- reg_contacts_without_staff_id: defined in _reg_contacts_without_staff_id.md, tested in _reg_contacts_without_staff_id.yml; the rule itself is stated once, in
    marts.registration_checks. -#}
{{ registration_indicator_rows('reg_contacts_without_staff_id') }}
