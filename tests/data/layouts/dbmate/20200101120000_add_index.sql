-- migrate:up transaction:false
create index concurrently users_email on users (email);

-- migrate:down
drop index users_email;
