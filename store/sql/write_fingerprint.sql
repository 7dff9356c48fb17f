-- One row that changes with every write the dashboard or the command line makes: a copy of the
-- database with the same row holds the same writes (store/snapshot.py checks its byte copy with it).
-- No params.
select
    (select count(*) from plan) as plans,
    (select count(*) from item) as items,
    (select count(*) from review) as reviews,
    (select count(*) from progress_update) as updates,
    (select count(*) from progress_retraction) as retractions,
    (select count(*) from rebaseline) as rebaselines,
    (select coalesce(max(event_id), 0) from audit_log) as last_event_id,
    (select count(*) from audit_log) as events,
    (select list(view_setting) from view_setting) as view_settings
