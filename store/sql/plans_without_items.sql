-- Plans whose derived item rows are missing (a database built before the item table existed).
select plan_id
from plan
where plan_id not in (select distinct plan_id from item)
