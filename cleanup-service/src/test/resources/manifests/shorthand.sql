CREATE TABLE invoices (number BIGINT PRIMARY KEY, total DECIMAL(10, 2) NOT NULL);
CREATE TABLE invoice_lines (id BIGINT PRIMARY KEY, invoice_number BIGINT NOT NULL, KEY (invoice_number));
CREATE TABLE periods (year INT NOT NULL, month INT NOT NULL, PRIMARY KEY (year, month));
CREATE TABLE period_notes (id BIGINT PRIMARY KEY, year INT NOT NULL, month INT NOT NULL, KEY (year, month))
