DELIMITER //

CREATE TRIGGER `trg_order_items_price` BEFORE INSERT ON `order_items`
FOR EACH ROW
BEGIN
  IF NEW.unit_price IS NULL OR NEW.unit_price = 0 THEN
    SET NEW.unit_price = (SELECT `price` FROM `products` WHERE `id` = NEW.product_id);
  END IF;
END//

CREATE TRIGGER `trg_order_items_total` AFTER INSERT ON `order_items`
FOR EACH ROW
BEGIN
  UPDATE `orders`
     SET `total` = `total` + NEW.quantity * NEW.unit_price
   WHERE `id` = NEW.order_id;
END//

DELIMITER ;
