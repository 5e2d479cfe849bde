create or replace view people as select * from PERSON;
