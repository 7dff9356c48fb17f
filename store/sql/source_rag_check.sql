-- One row per item of a plan as of a date: what its dates alone say (for comparing with the RAG a
-- source states). Params: $plan_id VARCHAR, $as_of DATE, $red_after_days INTEGER
select ref, seq, computed_rag, slippage_days, baseline_start, baseline_end, status,
from item_state($plan_id, $as_of, $red_after_days)
