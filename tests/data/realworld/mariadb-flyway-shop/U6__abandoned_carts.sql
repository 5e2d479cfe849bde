DROP EVENT IF EXISTS `ev_purge_abandoned_carts`;
DROP TABLE IF EXISTS `carts`;
