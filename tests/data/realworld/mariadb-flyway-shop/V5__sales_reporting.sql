-- Reporting helpers used by the back office. Flyway runs the DELIMITER lines as the
-- mysql client does.
CREATE OR REPLACE VIEW `v_daily_sales` AS
SELECT DATE(o.`placed_at`)           AS `day`,
       COUNT(DISTINCT o.`id`)        AS `orders`,
       SUM(i.`quantity`)             AS `items`,
       SUM(i.`quantity` * i.`unit_price`) AS `revenue`
FROM `orders` o
JOIN `order_items` i ON i.`order_id` = o.`id`
GROUP BY DATE(o.`placed_at`);

DELIMITER ;;
CREATE FUNCTION `customer_lifetime_value`(p_customer_id INT UNSIGNED) RETURNS decimal(12,2)
    READS SQL DATA
    DETERMINISTIC
BEGIN
  DECLARE v_total DECIMAL(12,2);
  SELECT COALESCE(SUM(`total`), 0) INTO v_total FROM `orders` WHERE `customer_id` = p_customer_id;
  RETURN v_total;
END ;;
DELIMITER ;
