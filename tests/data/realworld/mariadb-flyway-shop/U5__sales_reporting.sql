DROP FUNCTION IF EXISTS `customer_lifetime_value`;
DROP VIEW IF EXISTS `v_daily_sales`;
