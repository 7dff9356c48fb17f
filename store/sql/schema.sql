-- The public schema of the plan database (documented in README.md: keep names stable).
-- Values checked here are checked again in Python (store/progress.py) to give plain messages;
-- these constraints are the last line of defence for anyone writing to the file directly.

create sequence if not exists progress_update_id_seq start 1;
create sequence if not exists rebaseline_id_seq start 1;
create sequence if not exists audit_event_id_seq start 1;

create table if not exists plan (
    plan_id varchar primary key,
    title varchar not null,
    organisation varchar,
    source varchar,
    loaded_at timestamp not null default current_timestamp,
);

create table if not exists theme (
    plan_id varchar not null references plan (plan_id),
    code varchar not null,
    title varchar not null,
    position integer not null,
    primary key (plan_id, code),
);

create table if not exists action (
    plan_id varchar not null references plan (plan_id),
    ref varchar not null,
    theme_code varchar not null,
    position integer not null,
    action_text varchar not null,
    outcome_text varchar,
    start_text varchar,
    end_text varchar,
    baseline_start date,
    baseline_end date,
    is_ongoing boolean not null default false,
    is_done_in_source boolean not null default false,
    transcription_note varchar,
    primary key (plan_id, ref),
    foreign key (plan_id, theme_code) references theme (plan_id, code),
    check (baseline_start is null or baseline_end is null or baseline_end >= baseline_start),
    check (not (is_ongoing and baseline_end is not null)),
);

create table if not exists milestone (
    plan_id varchar not null,
    ref varchar not null,
    seq integer not null check (seq >= 1),
    title varchar not null,
    start_text varchar,
    end_text varchar,
    baseline_start date,
    baseline_end date,
    is_ongoing boolean not null default false,
    transcription_note varchar,
    primary key (plan_id, ref, seq),
    foreign key (plan_id, ref) references action (plan_id, ref),
    check (baseline_start is null or baseline_end is null or baseline_end >= baseline_start),
);

create table if not exists officer (
    officer_id varchar primary key,
    name varchar not null unique,
    kind varchar not null check (kind in ('person', 'role')),
);

create table if not exists officer_alias (
    alias varchar primary key,
    officer_id varchar not null references officer (officer_id),
);

-- seq NULL: the officer owns the whole action; otherwise one milestone of it.
create table if not exists assignment (
    plan_id varchar not null,
    ref varchar not null,
    seq integer,
    officer_id varchar not null references officer (officer_id),
    as_written varchar,
    foreign key (plan_id, ref) references action (plan_id, ref),
);

create table if not exists review (
    plan_id varchar not null references plan (plan_id),
    review_date date not null,
    title varchar not null,
    is_demo boolean not null default false,
    primary key (plan_id, review_date),
);

-- Append-only: a correction is a new row; the latest row on or before the as-of date counts.
create table if not exists progress_update (
    update_id bigint primary key default nextval('progress_update_id_seq'),
    plan_id varchar not null,
    ref varchar not null,
    seq integer,
    reported_on date not null,
    status varchar not null
        check (status in ('not_started', 'in_progress', 'complete', 'on_hold', 'cancelled')),
    percent_complete double check (percent_complete between 0 and 100),
    forecast_end date,
    actual_end date,
    rag_override varchar check (rag_override in ('red', 'amber', 'green', 'blue', 'grey')),
    rag_reason varchar,
    commentary varchar,
    recorded_by varchar not null,
    recorded_at timestamp not null default current_timestamp,
    is_demo boolean not null default false,
    origin varchar not null default 'app' check (origin in ('source', 'demo', 'app', 'import')),
    foreign key (plan_id, ref) references action (plan_id, ref),
    check (status <> 'complete' or actual_end is not null),
    check (rag_override is null or length(trim(coalesce(rag_reason, ''))) > 0),
);

-- Undo, append-only: a retracted update stays in progress_update but no query counts it.
create table if not exists progress_retraction (
    update_id bigint primary key references progress_update (update_id),
    retracted_by varchar not null,
    retracted_at timestamp not null default current_timestamp,
);

create table if not exists rebaseline (
    rebaseline_id bigint primary key default nextval('rebaseline_id_seq'),
    plan_id varchar not null,
    ref varchar not null,
    seq integer,
    approved_on date not null,
    new_baseline_start date,
    new_baseline_end date not null,
    reason varchar not null check (length(trim(reason)) > 0),
    approved_by varchar not null,
    recorded_at timestamp not null default current_timestamp,
    is_demo boolean not null default false,
    foreign key (plan_id, ref) references action (plan_id, ref),
    check (new_baseline_start is null or new_baseline_end >= new_baseline_start),
);

create table if not exists audit_log (
    event_id bigint primary key default nextval('audit_event_id_seq'),
    "at" timestamp not null default current_timestamp,  -- a keyword in DuckDB 2.0: quote it in queries
    actor varchar not null,
    event varchar not null,
    detail varchar,
);

-- Derived, not edited: one row per action (seq NULL) and milestone with its original window and owners,
-- rebuilt by store/sql/refresh_items.sql whenever a plan is built or imported. It keeps the per-query
-- work of the analytics to what depends on the as-of date.
create table if not exists item (
    plan_id varchar not null,
    ref varchar not null,
    seq integer,
    item_kind varchar not null check (item_kind in ('action', 'milestone')),
    theme_code varchar not null,
    position integer not null,
    title varchar not null,
    original_start date,
    original_end date,
    is_ongoing boolean not null,
    owner_ids varchar[],
    owners varchar,
    owner_count integer not null,
);

-- Derived, not edited: one row per counted progress update (not retracted) with the days it is its item's
-- latest: from its reported_on up to, not including, counts_until (the item's next counted update; NULL
-- while it is the latest). item_state reads "the latest update on or before the as-of date" from it as a
-- range filter instead of ranking the whole history. Maintained by store/sql/refresh_item_span.sql in
-- the same transaction as every write to progress_update or progress_retraction.
-- It also carries the update's status, forecast end and actual end and, for an update that counts for a day
-- or more, the status and forecast end of the item's update that counted before it (for a day or more):
-- how far each forecast moved (forecast_moves in forecast_items.sql) is then read row by row, instead of
-- ordering every item's history and joining it with progress_update on every query (scale 1000: 0.15 ->
-- 0.09 s). Copies of facts, not figures: an update is never changed, only added or retracted, and every
-- write rebuilds its items' rows. Added after the table: store.build.upgrade_schema fills them in a file
-- built before them.
create table if not exists item_span (
    plan_id varchar not null,
    ref varchar not null,
    seq integer,
    update_id bigint not null,
    counts_from date not null,
    counts_until date,
    status varchar,
    forecast_end date,
    actual_end date,
    previous_status varchar,
    previous_forecast_end date,
);
alter table item_span add column if not exists status varchar;
alter table item_span add column if not exists forecast_end date;
alter table item_span add column if not exists actual_end date;
alter table item_span add column if not exists previous_status varchar;
alter table item_span add column if not exists previous_forecast_end date;

-- Added for the review cycle (idempotent, so files built by earlier versions pick them up on open):
-- an officer's e-mail matches them to their sign-in; an update that makes an item's rating worse than at
-- the previous review carries its owner's reason.
alter table officer add column if not exists email varchar;
alter table progress_update add column if not exists change_reason varchar;

-- Added for importing councils' own trackers (issue 12). Additive: older files gain the columns.
-- extra: the source's columns the dashboard has no use for ("Budget", "Savings £000"), as JSON text.
alter table action add column if not exists extra varchar;
alter table milestone add column if not exists extra varchar;

-- What an import of a council's own tracker noticed: dates to be confirmed, refs it numbered, the
-- source's RAG disagreeing with the dates. Shown with the plan's data quality. Never edited.
create table if not exists import_finding (
    plan_id varchar not null,
    ref varchar,
    seq integer,
    check_name varchar not null,
    detail varchar not null,
    sheet varchar,
    row_number integer,
    column_name varchar,
    cell_text varchar,
    found_at timestamp not null default current_timestamp,
);

-- A tracker layout's column mapping, remembered for the next import of the same layout.
-- layout_key: a hash of the header labels (store/tracker/header.py: layout_key).
create table if not exists import_layout (
    layout_key varchar primary key,
    header_labels varchar not null,
    mapping varchar not null,
    saved_by varchar not null,
    saved_at timestamp not null default current_timestamp,
);

-- One row: the thresholds the analysts' views use (store/sql/views.sql). The dashboard writes its own
-- settings here when it starts, so the views and the pages agree.
create table if not exists view_setting (
    red_after_days integer not null check (red_after_days >= 0),
    overload_threshold double not null check (overload_threshold >= 0),
    review_interval_days integer not null check (review_interval_days >= 1),
);
insert into view_setting select 30, 4, 42 where not exists (select 1 from view_setting);

-- Decisions and actions arising at a review meeting (issue 13), noted by a manager during the meeting.
-- Append-only: a correction is a new row naming the row it replaces in `supersedes`; nothing is updated
-- or deleted. store/notes.py checks the same rules first, to say what is wrong in plain words.
create sequence if not exists review_note_id_seq start 1;
create table if not exists review_note (
    note_id bigint primary key default nextval('review_note_id_seq'),
    plan_id varchar not null,
    review_date date not null,
    step varchar not null check (length(trim(step)) > 0),
    kind varchar not null check (kind in ('decision', 'action')),
    note_text varchar not null check (length(trim(note_text)) > 0 and length(note_text) <= 2000),
    owner_id varchar references officer (officer_id),
    due_on date check (due_on is null or due_on >= review_date),
    supersedes bigint,
    recorded_by varchar not null check (length(trim(recorded_by)) > 0),
    recorded_at timestamp not null default current_timestamp,
    foreign key (plan_id, review_date) references review (plan_id, review_date),
);
