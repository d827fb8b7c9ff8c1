-- The transactional outbox: a row commits with the business change it describes; the relay publishes
-- it and sets sent_at after the broker's confirm. id orders events: a row's events are appended after
-- the row is locked, so for one aggregate id order is commit order.
CREATE TABLE `ri_outbox` (
    `id`            BIGINT        NOT NULL AUTO_INCREMENT,
    `event_id`      VARCHAR(200)  NOT NULL,
    `aggregate_key` VARCHAR(255)  NOT NULL,
    `routing_key`   VARCHAR(200)  NOT NULL,
    `payload`       MEDIUMTEXT    NOT NULL,
    `created_at`    TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `sent_at`       TIMESTAMP(3)  NULL,
    `attempts`      INT           NOT NULL DEFAULT 0,
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_ri_outbox_event_id` (`event_id`),
    KEY `ix_ri_outbox_pending` (`sent_at`, `id`),
    KEY `ix_ri_outbox_aggregate` (`aggregate_key`, `sent_at`, `id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
