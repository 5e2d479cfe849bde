select 10;
