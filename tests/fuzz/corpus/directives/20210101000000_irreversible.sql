-- migrate:up
update users set name = lower(name);

-- migrate:down
