-- Append one progress update; returns its update_id.
insert into progress_update (
    plan_id, ref, seq, reported_on, status, percent_complete, forecast_end, actual_end,
    rag_override, rag_reason, commentary, change_reason, recorded_by, recorded_at, is_demo, origin
)
values (
    $plan_id, $ref, $seq, $reported_on, $status, $percent_complete, $forecast_end, $actual_end,
    $rag_override, $rag_reason, $commentary, $change_reason, $recorded_by, current_timestamp, false, $origin
)
returning update_id
