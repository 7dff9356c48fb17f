-- One progress update, for describing a conflict. Params: $update_id BIGINT
select status, percent_complete, recorded_by, recorded_at, commentary,
from progress_update
where update_id = $update_id
