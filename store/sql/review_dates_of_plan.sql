-- One row per review of a plan, in date order. Params: $plan_id VARCHAR
select review_date from review where plan_id = $plan_id order by review_date
