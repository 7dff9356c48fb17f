-- One row per given item whose rating as of $as_of needs its owner's reason: it is red or amber and worse
-- than at the latest review before $as_of ('worse'), or it is kept green although its forecast end is
-- after its baseline end ('green_but_late'). Definitions from item_state; run inside the saving
-- transaction, so the new updates count.
-- Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER, $item_refs VARCHAR[]
with
    prior as (
        select review_date, title,
        from review
        where plan_id = $plan_id and review_date < $as_of::date
        order by review_date desc
        limit 1
    ),
    now as (
        select item_ref, rag, forecast_end, baseline_end,
        from item_state($plan_id, $as_of::date, $red_after_days)
        where list_contains($item_refs, item_ref)
    ),
    at_review as (
        select item_ref, rag,
        from item_state($plan_id, (select review_date from prior), $red_after_days)
        where list_contains($item_refs, item_ref)
    )
select
    now.item_ref,
    case when now.rag = 'green' then 'green_but_late' else 'worse' end as reason_kind,
    now.rag,
    at_review.rag as previous_rag,
    prior.review_date as previous_review_date,
    prior.title as previous_review_title,
from now
left join at_review using (item_ref)
left join prior on true
where
    (prior.review_date is not null and now.rag in ('red', 'amber') and rag_severity(now.rag) > rag_severity(at_review.rag))
    or (now.rag = 'green' and now.forecast_end > now.baseline_end)
order by now.item_ref
