-- One row that changes with every write: each save, undo, re-baseline, review and import adds an
-- audit_log row; a build or import changes the items. store/snapshot.py reads it before and after
-- copying the database file: the same row (and no write-ahead log) means nothing was written meanwhile.
-- No params.
select
    (select coalesce(max(event_id), 0) from audit_log) as last_event_id,
    (select count(*) from progress_update) as updates,
    (select count(*) from item) as items
