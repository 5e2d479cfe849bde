create index concurrently person_name on PERSON(NAME);
