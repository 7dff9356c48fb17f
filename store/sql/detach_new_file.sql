-- Close the file attached by attach_new_file.sql (no error if it is not attached).
detach database if exists new_database_file
