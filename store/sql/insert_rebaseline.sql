-- Record one approved re-baseline; returns its rebaseline_id.
insert into rebaseline (
    plan_id, ref, seq, approved_on, new_baseline_start, new_baseline_end, reason, approved_by, recorded_at, is_demo
)
values (
    $plan_id, $ref, $seq, $approved_on, $new_baseline_start, $new_baseline_end, $reason, $approved_by,
    current_timestamp, false
)
returning rebaseline_id
