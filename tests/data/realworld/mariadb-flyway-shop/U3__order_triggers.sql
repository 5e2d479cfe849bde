DROP TRIGGER IF EXISTS `trg_order_items_total`;
DROP TRIGGER IF EXISTS `trg_order_items_price`;
