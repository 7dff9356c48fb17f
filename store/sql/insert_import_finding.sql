-- Append one import finding (see schema.sql: import_finding).
insert into import_finding (plan_id, ref, seq, check_name, detail, sheet, row_number, column_name, cell_text)
values ($plan_id, $ref, $seq, $check_name, $detail, $sheet, $row_number, $column_name, $cell_text)
