-- Write one plan read from a council's own tracker. Expects views src_plan, src_theme, src_action,
-- src_milestone, src_officer, src_officer_alias, src_assignment, src_review, src_update, src_rebaseline,
-- src_finding (registered DataFrames, see store/tracker/write.py). Officers and spellings are shared by
-- every plan in the file: insert only the new ones. The source's own progress is flagged origin 'import'.
insert into plan by name select plan_id, title, organisation, source from src_plan;
insert into theme by name select plan_id, code, title, position::integer as position from src_theme;
insert into action by name
    select
        plan_id, ref, theme_code, position::integer as position, action_text, outcome_text, start_text, end_text,
        baseline_start::date as baseline_start, baseline_end::date as baseline_end, is_ongoing::boolean as is_ongoing,
        is_done_in_source::boolean as is_done_in_source, transcription_note::varchar as transcription_note,
        extra::varchar as extra,
    from src_action;
insert into milestone by name
    select
        plan_id, ref, seq::integer as seq, title, start_text, end_text, baseline_start::date as baseline_start,
        baseline_end::date as baseline_end, is_ongoing::boolean as is_ongoing,
        transcription_note::varchar as transcription_note, extra::varchar as extra,
    from src_milestone;
insert into officer by name
    select officer_id, name, kind from src_officer
    where officer_id not in (select officer_id from officer);
insert into officer_alias by name
    select alias, officer_id from src_officer_alias
    where alias not in (select alias from officer_alias);
insert into assignment by name
    select plan_id, ref, seq::integer as seq, officer_id, as_written from src_assignment;
insert into review by name
    select plan_id, review_date::date as review_date, title, false as is_demo from src_review;
insert into progress_update by name
    select
        plan_id, ref, seq::integer as seq, reported_on::date as reported_on, status,
        percent_complete::double as percent_complete, forecast_end::date as forecast_end,
        actual_end::date as actual_end, rag_override::varchar as rag_override, rag_reason::varchar as rag_reason,
        commentary::varchar as commentary, recorded_by, false as is_demo, 'import' as origin,
    from src_update;
insert into rebaseline by name
    select
        plan_id, ref, seq::integer as seq, approved_on::date as approved_on,
        new_baseline_start::date as new_baseline_start, new_baseline_end::date as new_baseline_end, reason,
        approved_by, false as is_demo,
    from src_rebaseline;
insert into import_finding by name
    select
        plan_id, ref::varchar as ref, seq::integer as seq, check_name, detail, sheet::varchar as sheet,
        row_number::integer as row_number, column_name::varchar as column_name, cell_text::varchar as cell_text,
    from src_finding;
