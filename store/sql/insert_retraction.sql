-- Retract one update (undo). Params: $update_id BIGINT, $retracted_by VARCHAR
insert into progress_retraction (update_id, retracted_by, retracted_at)
values ($update_id, $retracted_by, current_timestamp)
