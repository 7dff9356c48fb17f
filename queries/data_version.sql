-- One row: a number that grows with every change made through the app or the CLI (each writes an
-- audit_log row), so cached results can be keyed on it (the data_version macro in store/sql/macros.sql).
-- No parameters.
select data_version() as data_version
