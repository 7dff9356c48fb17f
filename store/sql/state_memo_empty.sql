-- Empty the memo (store/state_memo.py), giving its memory back: new tables, not deleted rows.
create or replace table state_memo.item_state_rows as from state_memo.item_state_rows limit 0;
create or replace table state_memo.item_forecast_rows as from state_memo.item_forecast_rows limit 0;
create or replace table state_memo.forecast_pool_rows as from state_memo.forecast_pool_rows limit 0;
create or replace table state_memo.main.slices as from state_memo.main.slices limit 0;
