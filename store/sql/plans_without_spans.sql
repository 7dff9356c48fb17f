-- Plans with progress updates but no item_span rows (a database built before item_span existed).
select distinct plan_id
from progress_update
where plan_id not in (select distinct plan_id from item_span)
