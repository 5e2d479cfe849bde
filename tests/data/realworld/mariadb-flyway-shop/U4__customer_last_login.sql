ALTER TABLE `customers` DROP INDEX `idx_customers_last_login`;
ALTER TABLE `customers` DROP COLUMN `last_login`;
