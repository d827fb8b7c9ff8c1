package dev.ricascade.cleanup.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;

/** Changes other applications make with plain SQL cascade; the service's own cascades publish nothing. */
class CaptureIntegrationTests extends CaptureIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    @Test
    void aDeleteMadeWithPlainSqlFromAnotherConnectionCascades() {
        asAnotherApplication(
                "INSERT INTO customers (id, email) VALUES (1, 'ada@example.com'), (2, 'bob@example.com')",
                "INSERT INTO orders (id, customer_id) VALUES (10, 1), (11, 1), (20, 2)",
                "INSERT INTO items (id, name) VALUES (100, 'tea')",
                "INSERT INTO order_lines (order_id, item_id, quantity) VALUES (10, 100, 1), (11, 100, 2), (20, 100, 3)",
                "INSERT INTO subscriptions (customer_email, topic) VALUES ('ada@example.com', 'news')");

        asAnotherApplication("DELETE FROM customers WHERE id = 1");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT id FROM orders ORDER BY id").query(Long.class).list()).containsExactly(20L);
            assertThat(jdbc.sql("SELECT order_id FROM order_lines").query(Long.class).list()).containsExactly(20L);
            assertThat(count("subscriptions")).isZero();
        });
    }

    @Test
    void aKeyUpdateMadeWithPlainSqlCascadesToTheChildren() {
        asAnotherApplication(
                "INSERT INTO customers (id, email) VALUES (1, 'ada@example.com')",
                "INSERT INTO subscriptions (customer_email, topic) VALUES ('ada@example.com', 'news'), ('ada@example.com', 'tips')",
                "INSERT INTO deliveries (id, customer_email, topic) VALUES (1, 'ada@example.com', 'news')");

        asAnotherApplication("UPDATE customers SET email = 'ada@lovelace.org' WHERE id = 1");

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(jdbc.sql("SELECT CONCAT(customer_email, '/', topic) FROM subscriptions ORDER BY topic")
                    .query(String.class).list()).containsExactly("ada@lovelace.org/news", "ada@lovelace.org/tips");
            assertThat(jdbc.sql("SELECT customer_email FROM deliveries").query(String.class).list())
                    .containsExactly("ada@lovelace.org");
        });
    }

    @Test
    void aTransactionThatWroteTheOutboxIsPublishedByTheOutboxNotByTheCapture() throws Exception {
        asAnotherApplication(
                "CREATE TABLE ri_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id VARCHAR(64) NOT NULL)",
                "INSERT INTO customers (id, email) VALUES (1, 'ada@example.com'), (2, 'bob@example.com')",
                "INSERT INTO orders (id, customer_id) VALUES (10, 1), (20, 2)");
        double deletedBefore = published("customers", "deleted");
        // as the api-service deletes: the row and its outbox entry in one transaction
        try (Connection api = DriverManager.getConnection(namespace.jdbcUrl(), namespace.databaseServer().user(),
                namespace.databaseServer().password()); Statement statement = api.createStatement()) {
            api.setAutoCommit(false);
            statement.execute("DELETE FROM customers WHERE id = 1");
            statement.execute("INSERT INTO ri_outbox (event_id) VALUES ('the-api-publishes-this')");
            api.commit();
        }
        // another application's delete, read after the API's transaction: once it has cascaded, the first was passed over
        asAnotherApplication("DELETE FROM customers WHERE id = 2");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE customer_id = 2").query(Long.class).single()).isZero());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM orders WHERE customer_id = 1").query(Long.class).single()).as("left to the outbox's own event").isEqualTo(1);
        assertThat(published("customers", "deleted")).isEqualTo(deletedBefore + 1);
    }

    @Test
    void insertsAndUpdatesOfUnreferencedColumnsPublishNothing() {
        long before = eventsPublished();
        double customersBefore = published("customers", "updated") + published("customers", "deleted");
        double itemsBefore = published("items", "deleted");
        asAnotherApplication(
                "INSERT INTO customers (id, email) VALUES (1, 'ada@example.com'), (2, 'bob@example.com')",
                "UPDATE customers SET referred_by = 1 WHERE id = 2",
                "INSERT INTO items (id, name) VALUES (100, 'tea')",
                "UPDATE items SET name = 'green tea' WHERE id = 100",
                // the one change that publishes, read after all the others
                "DELETE FROM items WHERE id = 100");

        awaitEventsPublished(before + 1);
        assertThat(eventsPublished()).isEqualTo(before + 1);
        assertThat(published("items", "deleted")).isEqualTo(itemsBefore + 1);
        assertThat(published("customers", "updated") + published("customers", "deleted")).isEqualTo(customersBefore);
    }

    @Test
    void aCascadeOf10000OrdersPublishesNoEventOfItsOwn() {
        asAnotherApplication("INSERT INTO customers (id, email) VALUES (1, 'ada@example.com'), (2, 'bob@example.com')");
        for (int from = 0; from < 10_000; from += 1_000) {
            int start = from;
            asAnotherApplication("INSERT INTO orders (id, customer_id) VALUES " + IntStream.range(start, start + 1_000)
                    .mapToObj(i -> "(" + (1_000 + i) + ", 1)").collect(Collectors.joining(", ")));
        }
        double ordersBefore = published("orders", "deleted");
        long before = eventsPublished();

        asAnotherApplication("DELETE FROM customers WHERE id = 1");
        await().atMost(PATIENCE).until(() -> count("orders") == 0);
        // a later change, published only once the capture has read past the whole cascade
        asAnotherApplication("DELETE FROM customers WHERE id = 2");

        awaitEventsPublished(before + 2);
        assertThat(eventsPublished()).isEqualTo(before + 2);
        assertThat(published("orders", "deleted")).isEqualTo(ordersBefore);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ri_cascade_status WHERE entity = 'orders'").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT SUM(transactions) FROM ri_capture_marker").query(Long.class).single())
                .as("the cascade's transactions carried the marker").isGreaterThanOrEqualTo(20);
    }

    private double published(String table, String action) {
        var counter = meters.find("ricascade.capture.events").tags("table", table, "action", action).counter();
        return counter == null ? 0 : counter.count();
    }

}
