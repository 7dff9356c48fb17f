-- One row per review meeting of a plan, latest first, with the review before it.
-- Params: $plan_id VARCHAR
select
    review_date,
    title,
    lead(review_date) over (order by review_date desc) as previous_review_date,
    is_demo,
from review
where plan_id = $plan_id
order by review_date desc
