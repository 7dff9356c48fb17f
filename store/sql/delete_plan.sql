-- Remove one plan and everything recorded against it (used by an import with --replace, after a backup).
-- Children first: DuckDB does not cascade. Params: $plan_id VARCHAR
delete from progress_retraction
    where update_id in (select update_id from progress_update where plan_id = $plan_id);
delete from progress_update where plan_id = $plan_id;
delete from item_span where plan_id = $plan_id;
delete from import_finding where plan_id = $plan_id;
delete from rebaseline where plan_id = $plan_id;
delete from review_note where plan_id = $plan_id;
delete from review where plan_id = $plan_id;
delete from assignment where plan_id = $plan_id;
delete from item where plan_id = $plan_id;
delete from milestone where plan_id = $plan_id;
delete from action where plan_id = $plan_id;
delete from theme where plan_id = $plan_id;
delete from plan where plan_id = $plan_id;
