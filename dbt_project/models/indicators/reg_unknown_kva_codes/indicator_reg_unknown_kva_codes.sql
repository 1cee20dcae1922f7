{#- reg_unknown_kva_codes: defined in _reg_unknown_kva_codes.md, tested in _reg_unknown_kva_codes.yml; the rule itself is stated once, in
    marts.registration_checks. -#}
{{ registration_indicator_rows('reg_unknown_kva_codes') }}
