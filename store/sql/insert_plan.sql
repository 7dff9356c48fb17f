-- Write one prepared plan. Expects views src_plan, src_theme, src_action, src_milestone,
-- src_officer, src_officer_alias, src_assignment (registered DataFrames, see store/build.py).
-- Officers and aliases are shared by every plan in the file: insert only the new ones.
insert into plan by name select plan_id, title, organisation, source from src_plan;
insert into theme by name select * from src_theme;
insert into action by name select * from src_action;
insert into milestone by name select * from src_milestone;
insert into officer by name
    select * from src_officer
    where officer_id not in (select officer_id from officer);
insert into officer_alias by name
    select * from src_officer_alias
    where alias not in (select alias from officer_alias);
insert into assignment by name select * from src_assignment;
-- What the source states as done (3.2 "Obtained Feb 2016") is recorded as progress from the source,
-- so the plan shows it complete even before anyone records a review.
insert into progress_update by name
    select
        plan_id,
        ref,
        null::integer as seq,
        baseline_end as reported_on,
        'complete' as status,
        100 as percent_complete,
        baseline_end as actual_end,
        'The plan records this as done: "' || end_text || '".' as commentary,
        'plan source' as recorded_by,
        false as is_demo,
        'source' as origin,
    from src_action
    where is_done_in_source;
