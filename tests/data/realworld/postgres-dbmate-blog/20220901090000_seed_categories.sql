-- migrate:up
create table categories (
  id smallint primary key,
  name text not null unique
);

insert into categories (id, name) values
  (1, 'Announcements'),
  (2, 'Engineering'),
  (3, 'Tips & Tricks; How-tos'),
  (4, 'Customer''s stories')
on conflict (id) do nothing;

alter table posts add column category_id smallint references categories(id);
update posts set category_id = 1 where category_id is null;

-- migrate:down
alter table posts drop column category_id;
drop table categories;
