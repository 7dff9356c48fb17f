-- What checking a review note needs: whether its review exists, whether its owner owns anything in the
-- plan, and the note it corrects (same plan and review) with the note that already corrected it.
-- Params: $plan_id VARCHAR, $review_date DATE, $owner_id VARCHAR (may be NULL), $supersedes BIGINT (may be NULL)
select
    exists (select 1 from review where plan_id = $plan_id and review_date = $review_date) as review_exists,
    exists (select 1 from assignment where plan_id = $plan_id and officer_id = $owner_id) as owner_known,
    exists (select 1 from review_note where note_id = $supersedes and plan_id = $plan_id
            and review_date = $review_date) as supersedes_known,
    (select min(note_id) from review_note where supersedes = $supersedes) as superseded_by
