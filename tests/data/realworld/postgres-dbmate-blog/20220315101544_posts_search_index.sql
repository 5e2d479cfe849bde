-- migrate:up transaction:false
create index concurrently if not exists posts_search_idx on posts using gin (search);
create index concurrently if not exists posts_tags_idx on posts using gin (tags);

-- migrate:down transaction:false
drop index concurrently if exists posts_tags_idx;
drop index concurrently if exists posts_search_idx;
