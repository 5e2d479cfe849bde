-- migrate:up
alter table posts rename column body to body_markdown;
alter table posts add column body_html text;
comment on column posts.body_markdown is E'CommonMark source;\nrendered into body_html by the API';

-- migrate:down
alter table posts drop column body_html;
alter table posts rename column body_markdown to body;
