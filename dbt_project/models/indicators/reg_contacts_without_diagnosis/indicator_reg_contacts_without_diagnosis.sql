{#- reg_contacts_without_diagnosis: defined in _reg_contacts_without_diagnosis.md, tested in _reg_contacts_without_diagnosis.yml; the rule itself is stated once, in
    marts.registration_checks. -#}
{{ registration_indicator_rows('reg_contacts_without_diagnosis') }}
