-- migrate:up
create function slugify(value text) returns text
  language sql
  immutable strict parallel safe
begin atomic
  select trim(both '-' from regexp_replace(lower(value), '[^a-z0-9]+', '-', 'g'));
end;

create function posts_default_slug() returns trigger
  language plpgsql
as $$
begin
  if new.slug is null or new.slug = '' then
    new.slug := slugify(new.title);
  end if;
  return new;
end;
$$;

create trigger posts_default_slug
  before insert on posts
  for each row execute function posts_default_slug();

-- migrate:down
drop trigger posts_default_slug on posts;
drop function posts_default_slug();
drop function slugify(text);
