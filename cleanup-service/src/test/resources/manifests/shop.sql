CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, referred_by BIGINT NULL, KEY (referred_by));
CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, KEY (customer_id));
CREATE TABLE order_lines (order_id BIGINT NOT NULL, item_id BIGINT NOT NULL, quantity INT NOT NULL, PRIMARY KEY (order_id, item_id), KEY (item_id));
CREATE TABLE shipments (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL, item_id BIGINT NOT NULL, KEY (order_id, item_id));
CREATE TABLE subscriptions (customer_email VARCHAR(100) NOT NULL, topic VARCHAR(50) NOT NULL, PRIMARY KEY (customer_email, topic));
CREATE TABLE deliveries (id BIGINT PRIMARY KEY, customer_email VARCHAR(100) NOT NULL, topic VARCHAR(50) NOT NULL, KEY (customer_email, topic));
CREATE TABLE categories (id BIGINT PRIMARY KEY, parent_id BIGINT NULL, KEY (parent_id));
CREATE TABLE notes (id BIGINT PRIMARY KEY, order_id BIGINT NULL, customer_id BIGINT NULL, KEY (order_id), KEY (customer_id));
