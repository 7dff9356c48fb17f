-- Updates saved after a given update for the same item, not retracted (someone saved over it).
-- Params: $update_id BIGINT
select later.update_id, later.recorded_by, later.ref, later.seq,
from progress_update as saved
join progress_update as later
    on later.plan_id = saved.plan_id and later.ref = saved.ref and later.seq is not distinct from saved.seq
    and later.update_id > saved.update_id
where saved.update_id = $update_id
    and later.update_id not in (select update_id from progress_retraction)
