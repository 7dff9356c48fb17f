-- One row: whether a plan id is already in the database. Params: $plan_id VARCHAR
select count(*) > 0 as plan_exists from plan where plan_id = $plan_id
