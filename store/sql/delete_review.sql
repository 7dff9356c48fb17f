-- Remove one scheduled review. Params: $plan_id VARCHAR, $review_date DATE
delete from review where plan_id = $plan_id and review_date = $review_date
