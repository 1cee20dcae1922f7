{#- reg_invalid_codes: defined in _reg_invalid_codes.md, tested in _reg_invalid_codes.yml; the rule itself is stated once, in
    marts.registration_checks. -#}
{{ registration_indicator_rows('reg_invalid_codes') }}
