CREATE TABLE `carts` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` int unsigned DEFAULT NULL,
  `updated_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  `payload` json NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_carts_updated` (`updated_at`),
  CONSTRAINT `fk_carts_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

# purge carts nobody touched for 30 days (needs event_scheduler=ON in production)
CREATE EVENT IF NOT EXISTS `ev_purge_abandoned_carts`
  ON SCHEDULE EVERY 1 DAY
  STARTS '2024-01-01 03:00:00'
  ON COMPLETION PRESERVE
  COMMENT 'carts older than 30 days; runs at 03:00'
  DO
    DELETE FROM `carts` WHERE `updated_at` < NOW() - INTERVAL 30 DAY;
