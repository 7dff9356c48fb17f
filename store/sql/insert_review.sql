-- Add a review meeting (nothing happens if that date already has one).
insert into review (plan_id, review_date, title, is_demo)
values ($plan_id, $review_date, $title, false)
on conflict do nothing
