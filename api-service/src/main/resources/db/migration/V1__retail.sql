-- No FOREIGN KEY constraints: relationships.yml declares them and the services enforce them.
-- Every child column has an index that leads with it, as a constraint would have required.
-- Child and parent columns have identical types (and charset/collation), as a constraint would have required.

CREATE TABLE `customers` (
    `id`          BIGINT       NOT NULL AUTO_INCREMENT,
    `name`        VARCHAR(200) NOT NULL,
    `email`       VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    `referred_by` BIGINT       NULL,
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_customers_name` (`name`),
    UNIQUE KEY `uk_customers_email` (`email`),
    KEY `ix_customers_referred_by` (`referred_by`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `newsletter_subscriptions` (
    `id`             BIGINT       NOT NULL AUTO_INCREMENT,
    `customer_email` VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
    `topic`          VARCHAR(100) NOT NULL,
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_newsletter_subscriptions_email_topic` (`customer_email`, `topic`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `items` (
    `id`    BIGINT        NOT NULL AUTO_INCREMENT,
    `name`  VARCHAR(200)  NOT NULL,
    `price` DECIMAL(12, 2) NOT NULL,
    PRIMARY KEY (`id`),
    UNIQUE KEY `uk_items_name` (`name`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `orders` (
    `id`          BIGINT      NOT NULL AUTO_INCREMENT,
    `customer_id` BIGINT      NOT NULL,
    `created_at`  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    PRIMARY KEY (`id`),
    KEY `ix_orders_customer_id` (`customer_id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `order_lines` (
    `order_id` BIGINT NOT NULL,
    `item_id`  BIGINT NOT NULL,
    `quantity` INT    NOT NULL,
    PRIMARY KEY (`order_id`, `item_id`),
    KEY `ix_order_lines_item_id` (`item_id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
