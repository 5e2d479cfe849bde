-- Routines, triggers and events as real projects write them: some with DELIMITER, some without.
CREATE TABLE account (
  id INT PRIMARY KEY AUTO_INCREMENT,
  `name;odd` VARCHAR(50) NOT NULL DEFAULT 'x;y', # a column whose name holds the delimiter
  balance DECIMAL(10, 2) NOT NULL DEFAULT 0,
  `end` DATE NULL
);
CREATE TABLE audit (id INT PRIMARY KEY AUTO_INCREMENT, note TEXT NOT NULL);

-- Without DELIMITER: the whole body is one statement for the server.
CREATE PROCEDURE fill_accounts(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  fill: LOOP
    SET i = i + 1;
    IF i > n THEN
      LEAVE fill;
    END IF;
    INSERT INTO account (balance) VALUES (IF(i > 2, i * 10, 0));
  END LOOP fill;
  WHILE i > 0 DO
    SET i = i - 1;
  END WHILE;
  CASE n
    WHEN 0 THEN INSERT INTO audit (note) VALUES ('none; really');
    ELSE INSERT INTO audit (note) VALUES (CONCAT('filled ', n));
  END CASE;
END;

CREATE TRIGGER account_audit AFTER UPDATE ON account FOR EACH ROW
BEGIN
  IF NEW.balance <> OLD.balance THEN
    INSERT INTO audit (note) VALUES (CONCAT('balance ', OLD.id, ': ', OLD.balance, ' -> ', NEW.balance));
  END IF;
END;

CREATE TRIGGER account_name BEFORE INSERT ON account FOR EACH ROW SET NEW.`name;odd` = CONCAT('acct-', IFNULL(NEW.id, 0));

DELIMITER $$
CREATE DEFINER=CURRENT_USER FUNCTION total_balance() RETURNS DECIMAL(12, 2)
READS SQL DATA
BEGIN
  DECLARE t DECIMAL(12, 2);
  SELECT IFNULL(SUM(balance), 0) INTO t FROM account;
  RETURN t;
END$$
DELIMITER ;

/*!40101 SET @saved_mode = @@SQL_MODE */;
CALL fill_accounts(5);
UPDATE account SET balance = balance + 1 WHERE id = 1;
