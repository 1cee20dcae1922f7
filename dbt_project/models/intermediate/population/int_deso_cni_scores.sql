{#- Each DeSO area's expected CNI contribution per resident: Σ weight_i · share_i, with the
    weights of seeds/cni_weights.csv. A person whose DeSO is missing or unknown counts with the
    mean of the table's shares (deso = null here). -#}
{%- set properties = ['under_5', 'born_abroad', 'aged_65_alone', 'single_parent', 'moved_in',
                      'unemployed', 'low_education'] -%}

with areas as (
    select * from {{ ref('deso_cni') }}
),

weights as (
    select * from {{ ref('cni_weights') }}
),

shares_long as (
    {% for p in properties %}
    select deso, '{{ p }}' as cni_property, {{ p }} as share from areas
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

mean_shares as (
    select null as deso, cni_property, avg(share) as share
    from shares_long
    group by cni_property
),

all_shares as (
    select deso, cni_property, share from shares_long
    union all
    select deso, cni_property, share from mean_shares
)

select
    all_shares.deso,
    sum(weights.weight * all_shares.share) as cni_score
from all_shares
inner join weights using (cni_property)
group by all_shares.deso
