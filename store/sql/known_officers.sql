-- Every officer already in the database (shared by all plans).
select officer_id, name, kind from officer order by officer_id
