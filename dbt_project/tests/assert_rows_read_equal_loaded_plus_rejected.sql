-- exports.md: every input row is loaded or rejected; per file and load, read = loaded + rejected.
select month, file, load_id, rows_read, rows_loaded, rows_rejected
from {{ source('audit', 'file_loads') }}
where status = 'loaded'
  and rows_read <> rows_loaded + rows_rejected
