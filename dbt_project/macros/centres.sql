{#- A contact in the primary care of one of the region's centres: care level PV, at a unit of
    seeds/centres.csv. The contacts a centre's own figures count (int_contacts_classified's
    is_centre_primary_care, and marts.top_diagnoses over the diagnoses kept by contact). -#}
{% macro is_centre_primary_care(care_level, unit_id) -%}
    ({{ care_level }} = 'PV' and {{ unit_id }} in (select hsa_id from {{ ref('centres') }}))
{%- endmacro %}
