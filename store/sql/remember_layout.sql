-- Remember (or replace) the column mapping of one tracker layout.
insert or replace into import_layout (layout_key, header_labels, mapping, saved_by, saved_at)
values ($layout_key, $header_labels, $mapping, $saved_by, current_timestamp)
