delete from PERSON where ID in (1, 2);
