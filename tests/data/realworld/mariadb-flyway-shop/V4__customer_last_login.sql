ALTER TABLE `customers`
  ADD COLUMN `last_login_at` datetime NULL AFTER `full_name`,
  ADD INDEX `idx_customers_last_login` (`last_login_at`);
