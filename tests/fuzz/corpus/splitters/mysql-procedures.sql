DELIMITER $$

CREATE PROCEDURE `reserve_stock`(IN p_product_id INT UNSIGNED, IN p_quantity INT UNSIGNED)
  MODIFIES SQL DATA
  COMMENT 'Takes p_quantity off the stock; refuses to go below zero'
BEGIN
  DECLARE v_stock INT;

  SELECT `stock` INTO v_stock FROM `products` WHERE `id` = p_product_id FOR UPDATE;
  IF v_stock IS NULL THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'unknown product; nothing reserved';
  ELSEIF v_stock < p_quantity THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'insufficient stock; order rejected';
  END IF;
  UPDATE `products` SET `stock` = `stock` - p_quantity WHERE `id` = p_product_id;
END$$

CREATE PROCEDURE `restock_all`(IN p_minimum INT)
BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE v_id INT UNSIGNED;
  DECLARE cur CURSOR FOR SELECT `id` FROM `products` WHERE `stock` < p_minimum;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;

  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO v_id;
    IF done THEN
      LEAVE read_loop;
    END IF;
    UPDATE `products` SET `stock` = p_minimum WHERE `id` = v_id;
  END LOOP;
  CLOSE cur;
END$$

DELIMITER ;
