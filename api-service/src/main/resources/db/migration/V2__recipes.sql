CREATE TABLE `recipes` (
    `id`   BIGINT       NOT NULL AUTO_INCREMENT,
    `name` VARCHAR(200) NOT NULL,
    PRIMARY KEY (`id`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `ingredients` (
    `id`        BIGINT       NOT NULL AUTO_INCREMENT,
    `recipe_id` BIGINT       NOT NULL,
    `position`  INT          NOT NULL,
    `name`      VARCHAR(200) NOT NULL,
    `quantity`  VARCHAR(100) NULL,
    PRIMARY KEY (`id`),
    KEY `ix_ingredients_recipe_id` (`recipe_id`, `position`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE `steps` (
    `id`          BIGINT        NOT NULL AUTO_INCREMENT,
    `recipe_id`   BIGINT        NOT NULL,
    `position`    INT           NOT NULL,
    `instruction` VARCHAR(2000) NOT NULL,
    PRIMARY KEY (`id`),
    KEY `ix_steps_recipe_id` (`recipe_id`, `position`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
