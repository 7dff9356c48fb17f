-- Title every review of a plan "Review 1", "Review 2", ... in date order. Params: $plan_id VARCHAR
update review
set title = 'Review ' || numbered.n
from (
    select review_date, row_number() over (order by review_date) as n,
    from review
    where plan_id = $plan_id
) as numbered
where review.plan_id = $plan_id and review.review_date = numbered.review_date
