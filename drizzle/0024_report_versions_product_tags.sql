-- 按专区 (issue 15) follows each product's tags as they are now, for every month: a change of tags
-- raises the version of a month before all others ('0000-00'), so every kept report and dashboard is
-- recomputed (app/services/statistics-cache.server.ts sums the versions up to the month).
CREATE TRIGGER `report_versions_products_tags` AFTER UPDATE OF tags ON `products`
WHEN NEW.tags IS NOT OLD.tags
BEGIN
  INSERT INTO report_versions (month, version) VALUES ('0000-00', 1) ON CONFLICT (month) DO UPDATE SET version = version + 1;
END;
