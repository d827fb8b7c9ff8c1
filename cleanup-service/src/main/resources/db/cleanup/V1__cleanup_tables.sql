-- The cleanup service's own tables, applied by Flyway at start-up with its own history table
-- (ri_cleanup_schema_history), so that it never meets the api-service's flyway_schema_history in the same database.
-- IF NOT EXISTS: an installation whose tables an earlier version created from Java keeps them as they are
-- (Flyway baselines it at version 0 and runs this script over them); V2 brings them up to date.

-- Each event's cascade as a client watches it (CascadeStatus writes it, the API's GET /api/cascades/{id} reads it):
-- running, done or failed, with the event as it arrived (the sweep finishes owed rewrites from it).
CREATE TABLE IF NOT EXISTS `ri_cascade_status` (
    `event_id`    VARCHAR(200)  NOT NULL PRIMARY KEY,
    `entity`      VARCHAR(64)   NOT NULL,
    `action`      VARCHAR(16)   NOT NULL,
    `state`       VARCHAR(16)   NOT NULL,
    `detail`      VARCHAR(1000) NULL,
    `event`       TEXT          NULL,
    `started_at`  TIMESTAMP(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `finished_at` TIMESTAMP(3)  NULL
);

-- Rows changed so far per event and relationship, added in the transaction of the statement that changed them.
CREATE TABLE IF NOT EXISTS `ri_cascade_rows` (
    `event_id`     VARCHAR(200) NOT NULL,
    `relationship` VARCHAR(64)  NOT NULL,
    `deleted`      BIGINT       NOT NULL DEFAULT 0,
    `nulled`       BIGINT       NOT NULL DEFAULT 0,
    `rewritten`    BIGINT       NOT NULL DEFAULT 0,
    `violations`   BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (`event_id`, `relationship`)
);

-- When the orphan sweep first and last saw each orphan (Sightings): repaired only after a grace period.
CREATE TABLE IF NOT EXISTS `ri_sweep_sighting` (
    `relationship` VARCHAR(64) NOT NULL,
    `row_key`      CHAR(64)    NOT NULL,
    `first_seen`   BIGINT      NOT NULL,
    `last_seen`    BIGINT      NOT NULL,
    PRIMARY KEY (`relationship`, `row_key`),
    KEY `ri_sweep_sighting_last_seen` (`relationship`, `last_seen`)
);

-- ShedLock's table (SweepLock): one sweep at a time across the fleet, with the database's clock.
CREATE TABLE IF NOT EXISTS `ri_shedlock` (
    `name`       VARCHAR(64)  NOT NULL,
    `lock_until` TIMESTAMP(3) NOT NULL,
    `locked_at`  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `locked_by`  VARCHAR(255) NOT NULL,
    PRIMARY KEY (`name`)
);

-- The replicas' heartbeats and their claims on shards (ShardMembers); ids compare byte for byte.
CREATE TABLE IF NOT EXISTS `ri_cleanup_member` (
    `member_id`    VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    `heartbeat_at` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

CREATE TABLE IF NOT EXISTS `ri_cleanup_shard` (
    `shard`      INT          NOT NULL PRIMARY KEY,
    `member_id`  VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    `claimed_at` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);

-- Where each capture stands in the binlog (CapturePositions); used only by the capture role.
CREATE TABLE IF NOT EXISTS `ri_capture_position` (
    `name`             VARCHAR(64)  NOT NULL PRIMARY KEY,
    `binlog_file`      VARCHAR(255) NOT NULL,
    `binlog_position`  BIGINT       NOT NULL,
    `gtid`             VARCHAR(255) NULL,
    `events_published` BIGINT       NOT NULL DEFAULT 0,
    `last_event_id`    VARCHAR(200) NULL,
    `updated_at`       TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3)
);

-- The row each of this service's transactions writes first (OwnTransactionMarker), so that a capture skips them.
CREATE TABLE IF NOT EXISTS `ri_capture_marker` (
    `slot`         INT    NOT NULL PRIMARY KEY,
    `transactions` BIGINT NOT NULL
);
