-- Append one decision or action arising at a review; returns its note_id.
insert into review_note (plan_id, review_date, step, kind, note_text, owner_id, due_on, supersedes, recorded_by)
values ($plan_id, $review_date, $step, $kind, $text, $owner_id, $due_on, $supersedes, $recorded_by)
returning note_id
