CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(50) NOT NULL, is_deleted TINYINT NOT NULL DEFAULT 0);
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NULL, KEY (customer_id));
CREATE TABLE order_lines (order_id BIGINT NOT NULL, line_no INT NOT NULL, sku VARCHAR(20) NULL, PRIMARY KEY (order_id, line_no));
CREATE TABLE shipments (id BIGINT PRIMARY KEY, order_id BIGINT NULL, line_no INT NULL, KEY (order_id, line_no));
CREATE TABLE notes (id INT PRIMARY KEY, customer_id BIGINT NULL, KEY (customer_id));
CREATE TABLE categories (id BIGINT PRIMARY KEY, parent_id BIGINT NULL, KEY (parent_id));
