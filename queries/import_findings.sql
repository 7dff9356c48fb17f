-- One row per finding the import of a council's own tracker made about this plan (dates to be
-- confirmed, refs it numbered, the source's RAG against the dates), with where in the source it is.
-- Params: $plan_id VARCHAR
select
    check_name,
    ref,
    seq,
    detail,
    sheet,
    row_number,
    column_name,
    cell_text,
from import_finding
where plan_id = $plan_id
order by check_name, row_number, seq nulls first
