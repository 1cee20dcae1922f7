{#- Prescriptions of valid persons with the ATC groups they belong to (seeds/atc_groups.csv):
    an ATC code is in a group when it starts with one of the group's included prefixes and with
    none of its excluded ones (M01AX05 glucosamine is not M01A; N02AE01 buprenorphine is not
    N02A). A combination product is in every group that lists it (LABA + ICS). Only the 12
    months the run's windows reach (int_copd_follow_up_members, int_elderly_kidney_members).
    The prefixes are matched against the distinct ATC codes, and the prescriptions then joined
    on equality, as in int_person_diagnoses. One row per prescription and group: its readers
    ask whether a person had one (a distinct there), so a distinct here (0.8 s of 1.3 s at
    2.4 M listed, removing 0.03 % of the rows: the same drug twice on a day) is left out. -#}
with prescriptions as (
    select person_id, prescribed_on, atc_code, unit_id
    from {{ ref('stg_export__prescriptions') }}
    where is_valid_person_id and {{ in_run_window('prescribed_on', 12) }}
),

groups as (
    select atc_group, atc_prefix, included from {{ ref('atc_groups') }}
),

distinct_codes as (
    select distinct atc_code from prescriptions
),

included as (
    select distinct distinct_codes.atc_code, groups.atc_group
    from distinct_codes
    inner join groups on groups.included and starts_with(distinct_codes.atc_code, groups.atc_prefix)
),

excluded as (
    select distinct included.atc_code, included.atc_group
    from included
    inner join groups
        on not groups.included
        and groups.atc_group = included.atc_group
        and starts_with(included.atc_code, groups.atc_prefix)
),

code_groups as (
    select * from included
    anti join excluded using (atc_code, atc_group)
)

select
    prescriptions.person_id,
    prescriptions.prescribed_on,
    prescriptions.atc_code,
    prescriptions.unit_id,
    code_groups.atc_group
from prescriptions
inner join code_groups using (atc_code)
