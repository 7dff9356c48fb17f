-- One row: how many rows the tables that matter hold, to check a backup copy against the original.
select
    (select count(*) from plan) as plans,
    (select count(*) from action) as actions,
    (select count(*) from progress_update) as updates,
    (select count(*) from officer) as officers,
    (select count(*) from audit_log) as audit_events
