-- One row per plan and action that the given updates (or their milestones' updates) belong to.
-- Params: $update_ids BIGINT[]
select plan_id, list(distinct ref) as refs
from progress_update
where list_contains($update_ids::bigint[], update_id)
group by plan_id
