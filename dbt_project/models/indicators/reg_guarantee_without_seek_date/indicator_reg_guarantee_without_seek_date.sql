{#- reg_guarantee_without_seek_date: defined in _reg_guarantee_without_seek_date.md, tested in _reg_guarantee_without_seek_date.yml; the rule itself is stated once, in
    marts.registration_checks. -#}
{{ registration_indicator_rows('reg_guarantee_without_seek_date') }}
