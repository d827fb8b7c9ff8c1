CREATE TABLE unicode_parent (id INT PRIMARY KEY, k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL, UNIQUE KEY uk_unicode_parent (k));
CREATE TABLE unicode_child (id INT PRIMARY KEY, k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL, UNIQUE KEY uk_unicode_child (k));
CREATE TABLE unicode_grandchild (id INT PRIMARY KEY, child_k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NULL, KEY ix_unicode_grandchild (child_k));
CREATE TABLE bin_parent (id INT PRIMARY KEY, k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY uk_bin_parent (k));
CREATE TABLE bin_child (id INT PRIMARY KEY, k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL, KEY ix_bin_child (k));
CREATE TABLE day_parent (id INT PRIMARY KEY, d DATE NOT NULL, UNIQUE KEY uk_day_parent (d));
CREATE TABLE day_child (id INT PRIMARY KEY, d DATE NULL, KEY ix_day_child (d));
CREATE TABLE number_parent (id INT PRIMARY KEY, code INT NOT NULL, UNIQUE KEY uk_number_parent (code));
CREATE TABLE number_child (id INT PRIMARY KEY, code INT NULL, KEY ix_number_child (code));
CREATE TABLE moment_parent (id INT PRIMARY KEY, at DATETIME(3) NOT NULL, UNIQUE KEY uk_moment_parent (at));
CREATE TABLE moment_child (id INT PRIMARY KEY, at DATETIME(3) NULL, KEY ix_moment_child (at));
CREATE TABLE stamp_parent (id INT PRIMARY KEY, at TIMESTAMP NOT NULL, UNIQUE KEY uk_stamp_parent (at));
CREATE TABLE stamp_child (id INT PRIMARY KEY, at TIMESTAMP NULL, KEY ix_stamp_child (at))
