{#- Each indicator's definition as its folder states it: the doc block of
    models/indicators/<indicator>/_<indicator>.md, which is also the indicator model's page in
    the dbt docs. The reports show this text beside the catalogue's label, so the dbt docs and
    the baspaket read one definition. The block's last paragraph, "Members: ...", names the
    members model for developers and is left out here. Read from dbt's graph (the models'
    descriptions), so a folder's text reaches the warehouse without being copied; a folder
    without a doc block gets NULL, which the not_null test stops. -#}
with definitions as (
    {%- for indicator, node in indicator_folders() %}
    {%- set text = node.description.split('Members:')[0] | trim | replace("'", "''") %}
    select '{{ indicator }}' as indicator, '{{ text }}' as doc_block
    {% if not loop.last %}union all{% endif %}
    {%- else %}
    select null::varchar as indicator, null::varchar as doc_block
    {%- endfor %}
)

select
    indicator,
    nullif(regexp_replace(doc_block, '\s+', ' ', 'g'), '') as definition
from definitions
