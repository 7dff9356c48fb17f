-- Append one audit event; returns its event_id.
insert into audit_log ("at", actor, event, detail)
values (current_timestamp, $actor, $event, $detail)
returning event_id
