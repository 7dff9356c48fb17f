-- One row: what the health check reports of an open plan database. No params.
select
    (select count(*) from plan) as plans,
    (select count(*) from action) as actions,
    (select count(*) from progress_update) as updates,
