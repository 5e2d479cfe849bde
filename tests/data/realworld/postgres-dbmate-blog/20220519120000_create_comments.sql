-- migrate:up
create table comments (
  id bigserial primary key,
  post_id integer not null references posts(id) on delete cascade,
  parent_id bigint references comments(id) on delete cascade,
  author_name text not null,
  body text not null check (length(body) <= 10000),
  created_at timestamp with time zone not null default now()
);

create index comments_post_id_created_at_idx on comments (post_id, created_at);

create view comment_threads as
with recursive thread as (
  select id, post_id, parent_id, id as root_id, 0 as depth, array[id] as path
  from comments
  where parent_id is null
  union all
  select c.id, c.post_id, c.parent_id, t.root_id, t.depth + 1, t.path || c.id
  from comments c
  join thread t on c.parent_id = t.id
)
select * from thread;

-- migrate:down
drop view comment_threads;
drop table comments;
