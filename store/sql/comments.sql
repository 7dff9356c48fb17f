-- What every table and column means, stored in the file (COMMENT ON) so that DBeaver, Power BI and the
-- DuckDB CLI show it. README.md "The database (public schema)" says the same; tests/test_docs.py fails
-- when the two drift. A table comment starts with its grain, "One row per ...:", as its README heading.

comment on table plan is 'One row per plan: an improvement plan loaded from data/source/ or imported.';
comment on column plan.plan_id is 'Key: short id of the plan, e.g. tbc-rent-sip.';
comment on column plan.title is 'The plan''s title.';
comment on column plan.organisation is 'Who owns the plan, e.g. Tamworth Borough Council.';
comment on column plan.source is 'Where the plan came from (the committee paper or file it was transcribed from).';
comment on column plan.loaded_at is 'When the plan was built or imported (local time).';

comment on table theme is 'One row per theme of a plan: the headings its actions are grouped under.';
comment on column theme.plan_id is 'Key, with code: the plan (plan.plan_id).';
comment on column theme.code is 'Key, with plan_id: the theme''s number as in the plan, e.g. 1 … 5, 6a, 6b.';
comment on column theme.title is 'The theme, e.g. "Proposal and rationale".';
comment on column theme.position is 'Display order of the theme within its plan (1 = first).';

comment on table action is 'One row per action: what the plan says it will do, with its original (baseline) dates as written and as read.';
comment on column action.plan_id is 'Key, with ref: the plan (plan.plan_id).';
comment on column action.ref is 'Key, with plan_id: the action''s number as in the plan, e.g. 1.1 … 6b.5.';
comment on column action.theme_code is 'The theme it belongs to (theme.code).';
comment on column action.position is 'Order of the action in the plan (1 = first).';
comment on column action.action_text is 'The specific action, as written in the plan.';
comment on column action.outcome_text is 'Measurable outcomes or benefits, one per line.';
comment on column action.start_text is 'The start date exactly as written in the source, e.g. Sept 16, 2018/19.';
comment on column action.end_text is 'The end date exactly as written in the source, e.g. Nov 15, ongoing, Obtained Feb 2016.';
comment on column action.baseline_start is 'DATE: the original baseline start read from start_text (first day of the period); NULL where not given.';
comment on column action.baseline_end is 'DATE: the original baseline end read from end_text (last day of the period; 2018/19 = 31 Mar 2019); NULL where not given or ongoing.';
comment on column action.is_ongoing is 'True when the end is written "ongoing": no end date, so no slippage.';
comment on column action.is_done_in_source is 'True when the source itself records the action as done (e.g. "Obtained Feb 2016").';
comment on column action.transcription_note is 'Pointer into data/source/NOTES.md where reading the source was a judgement; NULL otherwise.';

comment on table milestone is 'One row per milestone of an action: a step of it, with its own dates where the plan gives them.';
comment on column milestone.plan_id is 'Key, with ref and seq: the plan.';
comment on column milestone.ref is 'Key, with plan_id and seq: the action (action.ref).';
comment on column milestone.seq is 'Key: the milestone''s number within its action, 1, 2, … in the order of the plan.';
comment on column milestone.title is 'The milestone, as written in the plan.';
comment on column milestone.start_text is 'Its own start as written; blank: it takes its action''s window.';
comment on column milestone.end_text is 'Its own end as written; blank: it takes its action''s window.';
comment on column milestone.baseline_start is 'DATE: its own baseline start, parsed; NULL where the source gives no own date.';
comment on column milestone.baseline_end is 'DATE: its own baseline end, parsed; NULL where the source gives no own date.';
comment on column milestone.is_ongoing is 'True when its own end is written "ongoing".';
comment on column milestone.transcription_note is 'Pointer into data/source/NOTES.md, as for action.';

comment on table officer is 'One row per person or role: an officer, shared by every plan in the file.';
comment on column officer.officer_id is 'Key: the officer''s id, e.g. sue-philp.';
comment on column officer.name is 'Unique: the normalised name, e.g. Sue Philp.';
comment on column officer.kind is 'person or role (a team such as "Housing Options Officers").';

comment on table officer_alias is 'One row per spelling seen: a way an officer''s name is written in a plan.';
comment on column officer_alias.alias is 'Key: the spelling found, e.g. "Su e Philp".';
comment on column officer_alias.officer_id is 'The officer it means (officer.officer_id).';

comment on table assignment is 'One row per owner of an action or of one milestone: who is responsible for it.';
comment on column assignment.plan_id is 'The plan.';
comment on column assignment.ref is 'The action (action.ref).';
comment on column assignment.seq is 'NULL: the officer owns the whole action; otherwise the milestone (milestone.seq) they own.';
comment on column assignment.officer_id is 'The owner (officer.officer_id).';
comment on column assignment.as_written is 'The owner''s name as spelled in the source.';

comment on table review is 'One row per review meeting: a plan''s (six-weekly) progress meeting.';
comment on column review.plan_id is 'Key, with review_date: the plan.';
comment on column review.review_date is 'Key: the date of the meeting.';
comment on column review.title is 'The meeting''s name, e.g. Review 7.';
comment on column review.is_demo is 'True when part of the illustrative (invented) history shipped with the built-in plan.';

comment on table progress_update is 'One row per progress update: the status of an action or milestone reported on a date. Append-only: a correction is a new row; for any as-of date the latest update on or before it counts.';
comment on column progress_update.update_id is 'Key: increasing number of the update.';
comment on column progress_update.plan_id is 'The plan.';
comment on column progress_update.ref is 'The action (action.ref).';
comment on column progress_update.seq is 'NULL: the update is for the action; otherwise for that milestone (milestone.seq).';
comment on column progress_update.reported_on is 'DATE: the as-of date of the update; it counts for every as-of date on or after it.';
comment on column progress_update.status is 'Status: not_started, in_progress, complete, on_hold or cancelled.';
comment on column progress_update.percent_complete is 'Percent complete, 0-100; NULL when not given.';
comment on column progress_update.forecast_end is 'DATE: expected finish, if given.';
comment on column progress_update.actual_end is 'DATE: actual finish; required when status = complete, NULL otherwise.';
comment on column progress_update.rag_override is 'A manual RAG rating replacing the computed one, or NULL. RAG: blue = complete, grey = not due/cancelled, red, amber, green. Needs rag_reason.';
comment on column progress_update.rag_reason is 'Why the RAG was overridden (required with rag_override).';
comment on column progress_update.commentary is 'Free text from the owner (shown as text, never HTML).';
comment on column progress_update.recorded_by is 'Who saved the update.';
comment on column progress_update.recorded_at is 'When it was saved (local time).';
comment on column progress_update.is_demo is 'True when part of the illustrative (invented) history shipped with the built-in plan.';
comment on column progress_update.origin is 'Where the row came from: source (stated in the plan), demo (illustrative), app (saved in the dashboard) or import.';

comment on table progress_retraction is 'One row per update undone by its editor: "Undo my last save"; that update no longer counts, and stays in progress_update for the record.';
comment on column progress_retraction.update_id is 'Key: the update undone (progress_update.update_id).';
comment on column progress_retraction.retracted_by is 'Who undid it.';
comment on column progress_retraction.retracted_at is 'When it was undone (local time).';

comment on table rebaseline is 'One row per approved change of a baseline: it counts from approved_on; the latest approved on or before an as-of date is the current baseline.';
comment on column rebaseline.rebaseline_id is 'Key: increasing number of the change.';
comment on column rebaseline.plan_id is 'The plan.';
comment on column rebaseline.ref is 'The action (action.ref).';
comment on column rebaseline.seq is 'NULL: the action''s baseline; otherwise that milestone''s.';
comment on column rebaseline.approved_on is 'DATE: when it was approved; it counts from this date.';
comment on column rebaseline.new_baseline_start is 'DATE: the new baseline start (NULL: unchanged).';
comment on column rebaseline.new_baseline_end is 'DATE: the new baseline end.';
comment on column rebaseline.reason is 'Why it was approved (required).';
comment on column rebaseline.approved_by is 'Who approved it (required).';
comment on column rebaseline.recorded_at is 'When it was saved (local time).';
comment on column rebaseline.is_demo is 'True when part of the illustrative (invented) history.';

comment on table item_span is 'One row per counted progress update, derived: the days it is its item''s latest (from counts_from up to, not including, counts_until); kept up to date by every write, read by item_state (never edited).';
comment on column item_span.plan_id is 'The plan.';
comment on column item_span.ref is 'The action (action.ref).';
comment on column item_span.seq is 'NULL for the action itself; otherwise the milestone''s number.';
comment on column item_span.update_id is 'The update (progress_update.update_id); a retracted update has no row.';
comment on column item_span.counts_from is 'DATE: the update''s reported_on, the first day it counts as the item''s latest.';
comment on column item_span.counts_until is 'DATE: the day the item''s next counted update replaces it; NULL while it is the latest.';
comment on column item_span.status is 'The update''s status (a copy of progress_update.status).';
comment on column item_span.forecast_end is 'DATE: the update''s forecast end (a copy of progress_update.forecast_end).';
comment on column item_span.actual_end is 'DATE: the update''s actual end (a copy of progress_update.actual_end).';
comment on column item_span.previous_status is 'For an update that counts for a day or more: the status of the item''s update that counted before it, for a day or more (NULL for the item''s first, and for an update replaced on its own day).';
comment on column item_span.previous_forecast_end is 'DATE: for an update that counts for a day or more, the forecast end of the item''s update that counted before it (as previous_status).';
comment on table item is 'One row per action and milestone, derived: from action, milestone and assignment, rebuilt with each build or import (never edited).';
comment on column item.plan_id is 'The plan.';
comment on column item.ref is 'The action (action.ref).';
comment on column item.seq is 'NULL for the action itself; otherwise the milestone''s number.';
comment on column item.item_kind is 'action or milestone.';
comment on column item.theme_code is 'The theme (theme.code), as in action.';
comment on column item.position is 'Order of the action in the plan, as in action.';
comment on column item.title is 'The action''s text or the milestone''s title.';
comment on column item.original_start is 'DATE: the original baseline start (a milestone without own dates: its action''s).';
comment on column item.original_end is 'DATE: the original baseline end (a milestone without own dates: its action''s).';
comment on column item.is_ongoing is 'True when the original end is "ongoing".';
comment on column item.owner_ids is 'LIST of officer_id: the owners (an action''s include its milestones'' owners).';
comment on column item.owners is 'The owners'' names, comma-separated.';
comment on column item.owner_count is 'Number of owners (load is shared 1/owner_count each).';

comment on table audit_log is 'One row per change made through the app or the CLI: saves, undos, re-baselines, reviews, imports.';
comment on column audit_log.event_id is 'Key: increasing number of the event.';
comment on column audit_log."at" is 'When (local time). A keyword in DuckDB: write "at" in SQL.';
comment on column audit_log.actor is 'Who made the change.';
comment on column audit_log.event is 'What kind of change, e.g. progress_saved, progress_undone, rebaseline_saved, review_added, plan_imported.';
comment on column audit_log.detail is 'JSON with the particulars (ids, items, plan).';

comment on table view_setting is 'One row: the thresholds the views use, written by the dashboard when it starts (PLAN_RED_AFTER_DAYS, PLAN_OVERLOAD_THRESHOLD).';
comment on column view_setting.red_after_days is 'RAG is red when slippage is more than this many days (default 30).';
comment on column view_setting.overload_threshold is 'An officer is overloaded in a month when their weighted open actions exceed this (default 4).';
comment on column view_setting.review_interval_days is 'Days from a review to the next when none is scheduled (default 42: six-weekly).';

-- The review cycle (issue 11) and councils' own trackers (issue 12).
comment on column officer.email is 'The e-mail that matches the officer to their sign-in (single sign-on); NULL when not recorded.';
comment on column progress_update.change_reason is 'Why the rating got worse since the previous review (or stays Green although late), in its owner''s words; required then.';
comment on column action.extra is 'JSON text: the columns of a council''s own tracker the dashboard has no use for (e.g. "Budget"), kept as written.';
comment on column milestone.extra is 'JSON text: the columns of a council''s own tracker the dashboard has no use for, kept as written.';
comment on table import_finding is 'One row per thing a tracker import noticed';
comment on column import_finding.plan_id is 'The plan (plan.plan_id).';
comment on column import_finding.ref is 'The action (action.ref); NULL when it concerns no one item.';
comment on column import_finding.seq is 'The milestone (milestone.seq); NULL for the action itself.';
comment on column import_finding.check_name is 'What was found, e.g. "Date to be confirmed".';
comment on column import_finding.detail is 'The finding in words.';
comment on column import_finding.sheet is 'The sheet of the source workbook.';
comment on column import_finding.row_number is 'The row of the source sheet (1 = the first row).';
comment on column import_finding.column_name is 'The column heading in the source.';
comment on column import_finding.cell_text is 'The cell''s text as written.';
comment on column import_finding.found_at is 'When the import found it.';
comment on table import_layout is 'One row per tracker layout whose column mapping is remembered';
comment on column import_layout.layout_key is 'Key: a hash of the header labels.';
comment on column import_layout.header_labels is 'JSON text: the header labels.';
comment on column import_layout.mapping is 'JSON text: header -> field the column is read as.';
comment on column import_layout.saved_by is 'Who mapped it.';
comment on column import_layout.saved_at is 'When.';

-- Decisions and actions arising at a review meeting (issue 13).
comment on table review_note is 'One row per decision or action arising noted at a review meeting: append-only, a correction is a new row that supersedes the old.';
comment on column review_note.note_id is 'Key: increasing number of the note.';
comment on column review_note.plan_id is 'The plan (plan.plan_id).';
comment on column review_note.review_date is 'The review meeting it was noted at (review.review_date).';
comment on column review_note.step is 'Where in the meeting: summary, changes, notes, an item ref such as 5.2 or 6a.8/2, or theme 2.';
comment on column review_note.kind is 'decision or action.';
comment on column review_note.note_text is 'What was decided or is to be done, as typed (1 to 2000 characters; always shown as text).';
comment on column review_note.owner_id is 'Who is to do it (officer.officer_id); NULL when no one is named.';
comment on column review_note.due_on is 'DATE: when it is due, on or after the review; NULL when no date is set.';
comment on column review_note.supersedes is 'The note_id this note corrects; that note no longer counts. NULL for a first note.';
comment on column review_note.recorded_by is 'The manager who noted it.';
comment on column review_note.recorded_at is 'When it was noted (local time).';
