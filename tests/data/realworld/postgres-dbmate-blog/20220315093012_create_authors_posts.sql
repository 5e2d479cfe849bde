-- migrate:up
create table authors (
  id serial primary key,
  handle varchar(40) not null unique,
  display_name text not null,
  bio text not null default '',
  created_at timestamp with time zone not null default current_timestamp
);

create table posts (
  id serial primary key,
  author_id integer not null references authors(id),
  slug text not null unique,
  title text not null,
  body text not null default '',
  tags text[] not null default '{}',
  published_at timestamp with time zone,
  search tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(body, '')), 'B')
  ) stored
);

-- migrate:down
drop table posts;
drop table authors;
