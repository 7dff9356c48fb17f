-- Record that the memo (store/state_memo.py) now holds $memo's rows for the plan at $dates at the
-- current data version (in the transaction that added them).
-- Params: $memo VARCHAR, $plan_id VARCHAR, $dates DATE[], $red_after_days INTEGER
insert into state_memo.main.slices
select $memo, $plan_id, $red_after_days::integer, unnest($dates::date[]), data_version()
