package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.CleanupIntegrationTest;

@TestPropertySource(properties = "ricascade.concurrent-statements=4")
class ConcurrentLeafStatementsIntegrationTests extends CleanupIntegrationTest {

    @Test
    void deletingACustomerOnSeveralConnectionsRemovesExactlyItsSubtree() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org'), (2, 'b@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')");
        for (int order = 1; order <= 120; order++) {
            sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)", order, order % 4 == 0 ? 2 : 1);
            sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, 1, 1), (?, 2, 1), (?, 3, 1)",
                    order, order, order);
            sql("INSERT INTO shipments (id, order_id, item_id) VALUES (?, ?, 2)", order, order);
            sql("INSERT INTO notes (id, order_id, customer_id) VALUES (?, ?, NULL)", order, order);
        }
        sql("DELETE FROM customers WHERE id = 1");

        String eventId = publish(deleted("customers", Map.of("id", 1, "email", "a@x.org")));
        awaitDone(eventId);

        assertThat(count("orders")).isEqualTo(30);
        assertThat(count("order_lines")).isEqualTo(90);
        assertThat(count("order_lines", "order_id % 4 <> 0")).isZero();
        assertThat(count("shipments")).isEqualTo(30);
        assertThat(count("notes", "order_id IS NULL")).isEqualTo(90);
        assertThat(rowsRecorded(eventId, "order_lines_order", "deleted")).isEqualTo(270);
        assertThat(rowsRecorded(eventId, "shipments_line", "deleted")).isEqualTo(90);
        assertThat(rowsRecorded(eventId, "notes_order", "nulled")).isEqualTo(90);
    }
}
