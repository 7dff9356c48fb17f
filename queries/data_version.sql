-- One row: a number that grows with every change made through the app or the CLI (each writes an
-- audit_log row), so cached results can be keyed on it. No parameters.
select coalesce(max(event_id), 0) as data_version
from audit_log
