-- How much progress people have recorded (not the source's own facts, not the demo history).
-- One row. No parameters.
select
    (select count(*) from progress_update where origin in ('app', 'import'))
    + (select count(*) from rebaseline where not is_demo) as recorded_rows
