create or replace view p2 as select ID from PERSON;
