{#- One row per diagnosis group of seeds/icd10_groups.csv, with the label and order the reports
    show it in (seeds/diagnosis_group_labels.csv). A group a region adds to the code list alone is
    shown all the same, labelled with its name and code prefixes, after the labelled groups. -#}
with code_lists as (
    select diagnosis_group, string_agg(code_prefix, ', ' order by code_prefix) as code_prefixes
    from {{ ref('icd10_groups') }}
    group by diagnosis_group
),

labels as (
    -- rowid: the seed's own order, the order the baspaket shows the groups in
    select diagnosis_group, label_sv, shown_in_baspaket, rowid as seed_order
    from {{ ref('diagnosis_group_labels') }}
)

select
    code_lists.diagnosis_group,
    coalesce(labels.label_sv, code_lists.diagnosis_group || ' (' || code_lists.code_prefixes || ')') as label_sv,
    coalesce(labels.shown_in_baspaket, true) as shown_in_baspaket,
    row_number() over (order by labels.seed_order nulls last, code_lists.diagnosis_group) as display_order
from code_lists
left join labels using (diagnosis_group)
