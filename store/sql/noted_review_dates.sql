-- The dates of a plan's reviews that have decisions or actions noted (such a review cannot be removed).
-- Params: $plan_id VARCHAR
select distinct review_date from review_note where plan_id = $plan_id
