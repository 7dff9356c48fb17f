-- Every spelling already recorded, and whom it means.
select alias, officer_id from officer_alias
