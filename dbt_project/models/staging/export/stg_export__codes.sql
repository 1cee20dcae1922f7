{#- Codes follow their contact: for each KontaktID the code rows of its latest delivery.
    ICD-10-SE codes are normalised to upper case with the dot after the third character
    (`e119` -> `E11.9`); KVÅ codes to upper case. Incremental like stg_export__contacts: a run
    looks again only at the contacts its months touch. -#}
{{ config(post_hook="{{ delete_withdrawn(source('raw', 'diagnoser_atgarder')) }}") }}

with source as (
    {% if is_incremental() %}
    {{ delivered_rows_to_rework(source('raw', 'diagnoser_atgarder')) }}
    {% else %}
    select * from {{ source('raw', 'diagnoser_atgarder') }}
    {% endif %}
),

latest_delivery as (
    select *
    from source
    qualify delivery_month = max(delivery_month) over (partition by "KontaktID")
),

cleaned as (
    select
        "KontaktID" as contact_id,
        delivery_month,
        source_row,
        "Kodtyp" as code_type,
        "Kod" as code_as_registered,
        upper(regexp_replace(trim("Kod"), '[.\s]', '', 'g')) as code_compact,
        "Ordning" as code_order
    from latest_delivery
)

select
    contact_id,
    delivery_month,
    source_row,
    code_type,
    code_as_registered,
    case
        when code_type = 'DIA' and {{ is_icd10_shape('code_compact') }} and length(code_compact) > 3
            then substr(code_compact, 1, 3) || '.' || substr(code_compact, 4)
        else code_compact
    end as code,
    case code_type
        when 'DIA' then {{ is_icd10_shape('code_compact') }}
        when 'KVA' then {{ is_kva_shape('code_compact') }}
    end as is_well_formed,
    code_order,
    {{ this_run_started_at() }} as staged_at
from cleaned
