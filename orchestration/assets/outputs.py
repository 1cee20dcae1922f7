"""Outputs: each centre's baspaket for each built month, from the marts only."""


import dagster as dg

from orchestration.assets.quality import REGISTRATION_QUALITY
from orchestration.partitions import monthly_partitions, months_of
from orchestration.resources import OutputResource, WarehouseResource

BASPAKET_INPUTS = [
    dg.AssetKey(["marts", "indicator_values"]),
    dg.AssetKey(["marts", "population_by_age_sex"]),
    dg.AssetKey(["marts", "contacts_by_profession_type"]),
    REGISTRATION_QUALITY,
]


def write_centre_baspaket(con, output_folder, centre_id: str, month: str) -> list:
    """Write one centre's baspaket files for one month; returns the paths."""
    from reports.baspaket_excel import write_baspaket_workbook
    from reports.marts import load_centre_month

    data = load_centre_month(con, centre_id, month)
    return [write_baspaket_workbook(data, output_folder / month)]


@dg.asset(
    key=["outputs", "baspaket"],
    deps=BASPAKET_INPUTS,
    group_name="outputs",
    kinds={"excel"},
    description="Each centre's baspaket for the month: output/<YYYY-MM>/baspaket_<HSA-id>_<YYYY-MM>.xlsx",
    partitions_def=monthly_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def baspaket_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                   output: OutputResource) -> dg.MaterializeResult:
    from reports.marts import centres

    written = []
    with warehouse.reader() as con:
        centre_ids = list(centres(con)["hsa_id"])
        for month in months_of(context):
            for centre_id in centre_ids:
                written += write_centre_baspaket(con, output.folder, centre_id, month)
    context.log.info(f"wrote {len(written)} files under {output.folder}")
    return dg.MaterializeResult(metadata={"files": len(written), "folder": str(output.folder)})
