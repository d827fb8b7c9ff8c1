package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ricascade.cleanup.CleanupIntegrationTest;

class CascadeDeleteIntegrationTests extends CleanupIntegrationTest {

    @Test
    void deletingACustomerRemovesItsOrdersAndTheirLinesThroughManyBatches() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org'), (2, 'b@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')");
        for (int order = 1; order <= 45; order++) {
            sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)", order, order <= 35 ? 1 : 2);
            for (int item = 1; item <= 3; item++) {
                sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, ?, 1)", order, item);
            }
        }
        sql("DELETE FROM customers WHERE id = 1");

        String eventId = publish(deleted("customers", Map.of("id", 1, "email", "a@x.org")));
        awaitDone(eventId);

        assertThat(count("orders", "customer_id = 1")).isZero();
        assertThat(count("order_lines", "order_id <= 35")).isZero();
        assertThat(count("orders")).isEqualTo(10);
        assertThat(count("order_lines")).isEqualTo(30);
        assertThat(count("items")).isEqualTo(3);
        assertThat(rowsRecorded(eventId, "orders_customer", "deleted")).isEqualTo(35);
        assertThat(rowsRecorded(eventId, "order_lines_order", "deleted")).isEqualTo(105);
    }

    @Test
    void setNullClearsTheReferenceAndKeepsTheRow() {
        sql("INSERT INTO customers (id, email, referred_by) VALUES (1, 'a@x.org', NULL), (2, 'b@x.org', 1), "
                + "(3, 'c@x.org', 1), (4, 'd@x.org', 2)");
        sql("DELETE FROM customers WHERE id = 1");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));

        assertThat(rows("SELECT id, referred_by FROM customers ORDER BY id")).containsExactly("2|null", "3|null", "4|2");
    }
}
