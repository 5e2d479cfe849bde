-- migrate:up
-- Authors of the old WordPress blog, exported with
--   pg_dump --data-only --table=authors legacy_blog
-- (COPY rows are tab-separated, with backslash escapes.)
COPY public.authors (id, handle, display_name, bio, created_at) FROM stdin;
1	marta	Marta Ruiz	Writes about databases; mostly PostgreSQL.	2014-03-02 10:00:00+00
2	jon	Jon O'Brien		2015-07-19 08:30:00+00
3	li	Li Wei	Tabs\tand backslashes\\ survive COPY	2016-01-05 12:00:00+00
\.

SELECT pg_catalog.setval('public.authors_id_seq', 3, true);

-- migrate:down
delete from authors where id between 1 and 3;
select setval('authors_id_seq', coalesce((select max(id) from authors), 1), (select count(*) > 0 from authors));
