-- Parent changes whose cascade has not finished: written in the same transaction as the delete or key
-- change (and its outbox row), so that the API can judge later writes as if the cascade had completed.
-- A row is pending while ri_cascade_status (the cleanup service's) has no done or failed row for its event;
-- PendingChangeCleaner deletes it after that. Values are JSON objects, column to value: old_values holds
-- the primary key and every referenced column before the change, new_values the changed columns after it.
-- event_id is ASCII (the API's UUIDs), so that it compares with ri_cascade_status.event_id whatever the
-- collation the cleanup service's table got from the server's defaults.
CREATE TABLE `ri_pending_change` (
    `id`           BIGINT        NOT NULL AUTO_INCREMENT,
    `event_id`     VARCHAR(200)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `parent_table` VARCHAR(64)   NOT NULL,
    `action`       VARCHAR(16)   NOT NULL,
    `old_values`   TEXT          NOT NULL,
    `new_values`   TEXT          NULL,
    `created_at`   TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_ri_pending_change_event_id` (`event_id`),
    KEY `ix_ri_pending_change_table` (`parent_table`, `id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
