-- One row per open action or milestone due between the as-of date and $due_by, both included (due =
-- forecast end where given, else the baseline end), soonest first. $due_by is the next review's date
-- (components.rules.next_review_after), so this is "due before the next review".
-- Params: $plan_id VARCHAR, $as_of DATE, $due_by DATE, $red_after_days INTEGER,
--         $themes VARCHAR[], $officers VARCHAR[] (officer_id), $statuses VARCHAR[], $rags VARCHAR[] (NULL = all)
select
    item_kind,
    item_ref,
    item_label,
    ref,
    seq,
    theme_code,
    title,
    owners,
    due_on,
    due_on - $as_of::date as days_until_due,
    status,
    percent_complete,
    rag,
    rag_reason,
from item_state($plan_id, $as_of, $red_after_days)
where
    is_due_between(is_open, due_on, $as_of::date, $due_by::date)
    and passes_filters(theme_code, owner_ids, status, rag, $themes, $officers, $statuses, $rags)
order by due_on, position, seq nulls first
