{#- reg_invalid_personnummer: defined in _reg_invalid_personnummer.md, tested in _reg_invalid_personnummer.yml; the rule itself is stated once, in
    marts.registration_checks. -#}
{{ registration_indicator_rows('reg_invalid_personnummer') }}
