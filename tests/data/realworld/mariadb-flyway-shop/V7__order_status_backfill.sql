ALTER TABLE `orders`
  ADD COLUMN `status` enum('pending','paid','shipped','cancelled') NOT NULL DEFAULT 'pending' AFTER `placed_at`;

-- orders that already have items were paid under the old flow
UPDATE `orders` o
   SET o.`status` = 'paid'
 WHERE EXISTS (SELECT 1 FROM `order_items` i WHERE i.`order_id` = o.`id`);

CREATE INDEX `idx_orders_status_placed` ON `orders` (`status`, `placed_at`);
