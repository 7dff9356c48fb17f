-- One row: what the database holds for a plan. Params: $plan_id VARCHAR
select
    (select count(*) from action where plan_id = $plan_id) as actions,
    (select count(*) from milestone where plan_id = $plan_id) as milestones,
    (select count(distinct officer_id) from assignment where plan_id = $plan_id) as officers,
    (select count(*) from review where plan_id = $plan_id) as reviews,
    (select count(*) from progress_update where plan_id = $plan_id and origin = 'demo') as demo_updates,
    (select count(*) from progress_update where plan_id = $plan_id and origin in ('app', 'import')) as recorded_updates,
    (select count(*) from rebaseline where plan_id = $plan_id) as rebaselines,
