-- Every tracker layout whose column mapping was remembered: its key and mapping (JSON).
select layout_key, mapping from import_layout
