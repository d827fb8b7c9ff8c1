-- ri_cascade_status gained its event column after the first releases; V1 leaves a table those created alone.
-- MySQL 8.4 has no ADD COLUMN IF NOT EXISTS (MariaDB has), so the statement is chosen from the catalog and prepared:
-- both run ALTER TABLE as a prepared statement.
SET @ri_add_event = (
    SELECT IF(COUNT(*) = 0, 'ALTER TABLE `ri_cascade_status` ADD COLUMN `event` TEXT NULL', 'DO 0')
    FROM INFORMATION_SCHEMA.COLUMNS
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'ri_cascade_status' AND COLUMN_NAME = 'event');
PREPARE ri_add_event FROM @ri_add_event;
EXECUTE ri_add_event;
DEALLOCATE PREPARE ri_add_event;
SET @ri_add_event = NULL;
