DROP INDEX `idx_orders_status_placed` ON `orders`;
ALTER TABLE `orders` DROP COLUMN `status`;
