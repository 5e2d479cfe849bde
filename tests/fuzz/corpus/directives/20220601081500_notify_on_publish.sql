-- migrate:up
create or replace function notify_post_published() returns trigger
language plpgsql
as $function$
begin
  if new.published_at is not null and (tg_op = 'INSERT' or old.published_at is null) then
    perform pg_notify('post_published', json_build_object('id', new.id, 'slug', new.slug)::text);
  end if;
  return new;
end
$function$;

create trigger posts_notify_published
  after insert or update of published_at on posts
  for each row execute function notify_post_published();

-- migrate:down
drop trigger if exists posts_notify_published on posts;
drop function if exists notify_post_published();
