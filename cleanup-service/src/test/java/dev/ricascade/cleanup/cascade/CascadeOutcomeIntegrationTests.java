package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * What an event's status and metrics say: exact counts however often its cascade was interrupted, one outcome per
 * event id however often it arrives, and conflicts reported with their rows instead of guessed at or dead-lettered.
 */
class CascadeOutcomeIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private CascadeStatus status;

    @Autowired
    private RelationshipGraph graph;

    @Autowired
    private SchemaCatalog catalog;

    @Autowired
    private TransactionOperations transactions;

    @Autowired
    private MeterRegistry meters;

    @Test
    void countsEqualTheRowsChangedAcrossHandBacksAtAnyBatch() {
        customerWithOrders(30, 3);
        sql("DELETE FROM customers WHERE id = 1");
        ChangeEvent event = deleted("customers", Map.of("id", 1, "email", "a@x.org"));
        for (int stopAfter = 2; stopAfter <= 14; stopAfter += 3) {
            AtomicInteger checks = new AtomicInteger();
            int limit = stopAfter;
            CascadeEngine dying = new CascadeEngine(jdbc, transactions, graph, catalog, properties.batchSize(),
                    properties.statementBudget(), 1, () -> checks.incrementAndGet() > limit);
            CascadeStatus.Tracker tracker = status.start(event);
            assertThatThrownBy(() -> dying.parentDeleted("customers", event.key(), tracker))
                    .isInstanceOf(CascadeStoppedException.class);
            dying.close();
            assertThat(recorded(event, "orders_customer", "deleted")).as("orders counted after stopping at " + limit)
                    .isEqualTo(30 - count("orders"));
            assertThat(recorded(event, "order_lines_order", "deleted")).as("lines counted after stopping at " + limit)
                    .isEqualTo(90 - count("order_lines"));
        }
        assertThat(count("orders")).as("the interruptions left work to do").isPositive();

        awaitDone(publish(event));

        assertThat(recorded(event, "orders_customer", "deleted")).isEqualTo(30);
        assertThat(recorded(event, "order_lines_order", "deleted")).isEqualTo(90);
    }

    @Test
    void aRedeliveredEventThatIsDoneKeepsItsStatusAndCounts() {
        customerWithOrders(4, 2);
        sql("DELETE FROM customers WHERE id = 1");
        ChangeEvent event = deleted("customers", Map.of("id", 1, "email", "a@x.org"));
        awaitDone(publish(event));
        String finishedAt = finishedAt(event);
        double duplicates = meters.counter("ricascade.events", "outcome", "duplicate").count();

        publish(event);
        publish(event);

        await().atMost(PATIENCE).until(() -> meters.counter("ricascade.events", "outcome", "duplicate").count() == duplicates + 2);
        assertThat(finishedAt(event)).isEqualTo(finishedAt);
        assertThat(jdbc.sql("SELECT state FROM ri_cascade_status WHERE event_id = ?").param(event.eventId())
                .query(String.class).single()).isEqualTo("done");
        assertThat(recorded(event, "orders_customer", "deleted")).isEqualTo(4);
        assertThat(recorded(event, "order_lines_order", "deleted")).isEqualTo(8);
    }

    @Test
    void aFreedValueHeldByAnotherRowAgainLeavesItsChildrenAndSaysSo() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('a@x.org', 'news'), ('a@x.org', 'deals')");
        // another program deleted customer 1 and gave its e-mail to a new customer before the cascade ran
        sql("DELETE FROM customers WHERE id = 1");
        sql("INSERT INTO customers (id, email) VALUES (2, 'A@x.org')");
        double violations = meters.counter("ricascade.violations", "relationship", "subscriptions_customer").count();

        ChangeEvent event = deleted("customers", Map.of("id", 1, "email", "a@x.org"));
        awaitDone(publish(event));

        assertThat(count("subscriptions")).isEqualTo(2);
        assertThat(recorded(event, "subscriptions_customer", "violations")).isEqualTo(2);
        assertThat(detail(event)).contains("subscriptions_customer", "holds", "a@x.org", "left alone");
        assertThat(meters.counter("ricascade.violations", "relationship", "subscriptions_customer").count())
                .isEqualTo(violations + 2);
    }

    @Test
    void aRewriteThatAUniqueKeyRefusesIsReportedWithItsRowAndTheRestIsDone() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'new@x.org')");
        // written behind the API's back: new@x.org already has a 'news' subscription
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('old@x.org', 'news'), ('old@x.org', 'deals'), "
                + "('new@x.org', 'news')");

        ChangeEvent event = updated("customers", Map.of("id", 1, "email", "old@x.org"), Map.of("email", "new@x.org"));
        awaitDone(publish(event));

        assertThat(rows("SELECT CONCAT(customer_email, '|', topic) FROM subscriptions ORDER BY customer_email, topic"))
                .containsExactly("new@x.org|deals", "new@x.org|news", "old@x.org|news");
        assertThat(recorded(event, "subscriptions_customer", "rewritten")).isEqualTo(1);
        assertThat(recorded(event, "subscriptions_customer", "violations")).isEqualTo(1);
        assertThat(detail(event)).contains("[old@x.org, news]", "Duplicate");
        assertThat(rabbit.receive(properties.deadLetterQueue())).isNull();
    }

    @Test
    void aRestrictChildThatAnotherPendingCascadeWillDeleteIsNoViolation() {
        customerWithOrders(2, 1);
        sql("INSERT INTO orders (id, customer_id) VALUES (100, 2)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (100, 2, 1)");
        // customer 1 is deleted; its cascade has not run yet, so its orders' lines still use item 1
        sql("DELETE FROM customers WHERE id = 1");
        sql("DELETE FROM items WHERE id IN (1, 2)");

        ChangeEvent apple = deleted("items", Map.of("id", 1));
        ChangeEvent pear = deleted("items", Map.of("id", 2));
        awaitDone(publish(apple));
        awaitDone(publish(pear));

        assertThat(recorded(apple, "order_lines_item", "violations")).as("only dead lines use item 1").isZero();
        assertThat(recorded(pear, "order_lines_item", "violations")).as("customer 2's line is live").isEqualTo(1);
        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));
        assertThat(rows("SELECT CONCAT(order_id, '|', item_id) FROM order_lines")).containsExactly("100|2");
    }

    private long recorded(ChangeEvent event, String relationship, String column) {
        return rowsRecorded(event.eventId(), relationship, column);
    }

    private String finishedAt(ChangeEvent event) {
        return jdbc.sql("SELECT CAST(finished_at AS CHAR) FROM ri_cascade_status WHERE event_id = ?").param(event.eventId())
                .query(String.class).single();
    }

    private String detail(ChangeEvent event) {
        return jdbc.sql("SELECT detail FROM ri_cascade_status WHERE event_id = ?").param(event.eventId())
                .query(String.class).single();
    }
}
