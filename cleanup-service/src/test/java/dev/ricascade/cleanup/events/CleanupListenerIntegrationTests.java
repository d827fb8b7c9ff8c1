package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.cleanup.cascade.CascadeEngine;
import dev.ricascade.cleanup.cascade.CascadeProgress;
import dev.ricascade.cleanup.cascade.CascadeStoppedException;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.RelationshipGraph;

/** What the consumer does with bad, mistaken, hand-written, redelivered and unlucky messages. */
@TestPropertySource(properties = {"spring.datasource.hikari.connection-init-sql=SET SESSION innodb_lock_wait_timeout = 1",
        "ricascade.retry.max-attempts=2"})
class CleanupListenerIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private AmqpAdmin admin;

    @Autowired
    private RelationshipGraph graph;

    @Autowired
    private SchemaCatalog catalog;

    @Autowired
    private TransactionOperations transactions;

    /** {@link #customerWithOrders}, and an order 1000 of customer 2 that no cascade of customer 1 may touch. */
    private void oneCustomerWithOrders(int orders, int linesEach) {
        customerWithOrders(orders, linesEach);
        sql("INSERT INTO orders (id, customer_id) VALUES (1000, 2)");
    }

    private String header(Message message, String name) {
        Object value = message.getMessageProperties().getHeaders().get(name);
        return value == null ? null : value.toString();
    }

    @Test
    void malformedJsonGoesToTheDeadLetterQueueWithItsReasonAndTheConsumerCarriesOn() {
        oneCustomerWithOrders(2, 1);
        sql("DELETE FROM customers WHERE id = 1");

        publishRaw("customers.deleted", "{\"entity\": \"customers\", \"id\": ");
        Message dead = awaitDeadLetter();
        assertThat(header(dead, DeadLetters.REASON)).contains("not valid JSON");
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"entity\": \"customers\", \"id\": ");
        assertThat(header(dead, DeadLetters.ORIGINAL_ROUTING_KEY)).isEqualTo("customers.deleted");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));
        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void anEntityColumnOrValueTheSchemaCannotHoldIsDeadLetteredNamingIt() {
        publishRaw("invoices.deleted", "{\"id\": 1}");
        Message first = awaitDeadLetter();
        assertThat(header(first, DeadLetters.FIELD)).isEqualTo("entity");
        assertThat(header(first, DeadLetters.REASON)).contains("no relationship whose parent is 'invoices'");

        publishRaw("customers.deleted", "{\"key\": {\"name\": \"Ann\"}}");
        Message second = awaitDeadLetter();
        assertThat(header(second, DeadLetters.FIELD)).isEqualTo("key.name");
        assertThat(header(second, DeadLetters.REASON)).contains("customers.name");

        publishRaw("customers.deleted", "{\"key\": {\"id\": [1, 2]}}");
        assertThat(header(awaitDeadLetter(), DeadLetters.FIELD)).isEqualTo("key.id");

        sql("INSERT INTO customers (id, email) VALUES (2, 'b@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 2)");
        publishRaw("customers.deleted", "{\"id\": \"1 OR 1=1; DROP TABLE orders\"}");
        Message injected = awaitDeadLetter();
        assertThat(header(injected, DeadLetters.FIELD)).isEqualTo("key.id");
        assertThat(header(injected, DeadLetters.REASON)).contains("is not a whole number, but customers.id is bigint");
        assertThat(count("orders")).isEqualTo(2);

        assertThat(meters.counter("ricascade.events", "outcome", "invalid").count()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aNumberWithAHugeExponentIsDeadLetteredAtOnceAndTheNextEventIsProcessed() {
        oneCustomerWithOrders(2, 1);
        sql("DELETE FROM customers WHERE id = 1");

        // eleven bytes of JSON, a billion digits if anything wrote the number out
        publishRaw("customers.deleted", "{\"entity\":\"customers\",\"action\":\"deleted\",\"key\":{\"id\":1e999999999}}");
        Message dead = await().atMost(Duration.ofSeconds(10)).until(() -> rabbit.receive(properties.deadLetterQueue()),
                m -> m != null);
        assertThat(header(dead, DeadLetters.FIELD)).isEqualTo("key.id");
        assertThat(header(dead, DeadLetters.REASON)).contains("'1E+999999999' is out of range", "customers.id is bigint");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));
        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void aStringLongerThanItsColumnOrANumberOutOfItsRangeIsDeadLetteredNamingIt() {
        String tooLong = "a".repeat(95) + "@x.org";
        publish(deleted("customers", Map.of("id", 1, "email", tooLong)));
        Message first = awaitDeadLetter();
        assertThat(header(first, DeadLetters.FIELD)).isEqualTo("key.email");
        assertThat(header(first, DeadLetters.REASON)).contains("has 101 characters; at most 100 fit",
                "customers.email is varchar(100)");

        publishRaw("orders.deleted", "{\"id\": 9223372036854775808}");
        Message second = awaitDeadLetter();
        assertThat(header(second, DeadLetters.FIELD)).isEqualTo("key.id");
        assertThat(header(second, DeadLetters.REASON)).contains("'9223372036854775808' is out of range", "orders.id is bigint");

        publish(updated("customers", Map.of("id", 1, "email", "a@x.org"), Map.of("email", tooLong)));
        assertThat(header(awaitDeadLetter(), DeadLetters.FIELD)).isEqualTo("changes.email");
    }

    @Test
    void aTriggerThatSignalsDeadLettersTheEventInsteadOfRetryingItForever() {
        oneCustomerWithOrders(2, 1);
        sql("DELETE FROM customers WHERE id = 1");
        sql("CREATE TRIGGER orders_frozen BEFORE DELETE ON orders FOR EACH ROW "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'orders are frozen for the audit'");
        double retriedBefore = meters.counter("ricascade.events", "outcome", "retried").count();

        String eventId = publish(deleted("customers", Map.of("id", 1, "email", "a@x.org")));
        Message dead = awaitDeadLetter();

        assertThat(header(dead, DeadLetters.REASON)).contains("orders are frozen for the audit");
        assertThat(awaitFinished(eventId)).isEqualTo("failed");
        assertThat(meters.counter("ricascade.events", "outcome", "retried").count()).as("not retried").isEqualTo(retriedBefore);
        sql("DROP TRIGGER orders_frozen");
        sql("DELETE FROM customers WHERE id = 2");
        awaitDone(publish(deleted("customers", Map.of("id", 2, "email", "b@x.org"))));
        assertThat(count("orders", "customer_id = 2")).as("the consumer carried on").isZero();
    }

    @Test
    void aDeletedEventForARowThatStillExistsCascadesNothingAndIsDeadLettered() {
        oneCustomerWithOrders(3, 2);

        String eventId = publish(deleted("customers", Map.of("id", 1, "email", "a@x.org")));
        Message dead = awaitDeadLetter();

        assertThat(header(dead, DeadLetters.REASON)).contains("still exists");
        assertThat(dead.getMessageProperties().getMessageId()).isEqualTo(eventId);
        assertThat(count("orders")).isEqualTo(4);
        assertThat(count("order_lines")).isEqualTo(6);
        assertThat(awaitFinished(eventId)).isEqualTo("failed");
    }

    @Test
    void anUpdatedEventWhoseOldKeyIsStillPresentIsDeadLettered() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'old@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('old@x.org', 'news')");

        publish(updated("customers", Map.of("id", 1, "email", "old@x.org"), Map.of("email", "new@x.org")));

        assertThat(header(awaitDeadLetter(), DeadLetters.REASON)).contains("still exists");
        assertThat(rows("SELECT customer_email FROM subscriptions")).containsExactly("old@x.org");
    }

    @Test
    void aMessagePublishedByHandWithoutContentTypeOrIdIsProcessed() {
        oneCustomerWithOrders(2, 2);
        sql("DELETE FROM customers WHERE id = 1");

        publishRaw("customers.deleted", "{\"entity\":\"customers\",\"action\":\"deleted\",\"id\":1}");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(count("orders", "customer_id = 1")).isZero());
        awaitDone(lastStatusEvent());
        assertThat(count("order_lines")).isZero();
        assertThat(count("orders")).isEqualTo(1);
    }

    @Test
    void aCascadeInterruptedAtAnyBatchIsFinishedByRedeliveryWithNoOrphan() {
        oneCustomerWithOrders(30, 3);
        sql("DELETE FROM customers WHERE id = 1");
        for (int stopAfter = 1; stopAfter <= 9; stopAfter += 4) {
            AtomicInteger checks = new AtomicInteger();
            int limit = stopAfter;
            CascadeEngine dying = new CascadeEngine(jdbc, transactions, graph, catalog, properties.batchSize(),
                    properties.statementBudget(), 1, () -> checks.incrementAndGet() > limit);
            assertThatThrownBy(() -> dying.parentDeleted("customers", Map.of("id", 1), CascadeProgress.NONE))
                    .isInstanceOf(CascadeStoppedException.class);
            // bottom-up: no line has lost its order, whatever was deleted so far
            assertThat(count("order_lines", "order_id NOT IN (SELECT id FROM orders)")).isZero();
        }
        assertThat(count("orders", "customer_id = 1")).as("the interruptions left work to do").isPositive();

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));

        assertThat(count("orders")).isEqualTo(1);
        assertThat(count("order_lines")).isZero();
    }

    @Test
    void aDuplicateEventIsHarmless() {
        oneCustomerWithOrders(3, 1);
        sql("DELETE FROM customers WHERE id = 1");
        var event = deleted("customers", Map.of("id", 1, "email", "a@x.org"));

        awaitDone(publish(event));
        sql("INSERT INTO orders (id, customer_id) VALUES (2000, 2)");
        awaitDone(publish(event));

        assertThat(rows("SELECT id FROM orders ORDER BY id")).containsExactly("1000", "2000");
    }

    @Test
    void aLockTimeoutIsRetriedWithBackoffUntilTheCascadeSucceeds() throws Exception {
        oneCustomerWithOrders(3, 1);
        sql("DELETE FROM customers WHERE id = 1");
        double retriedBefore = meters.counter("ricascade.events", "outcome", "retried").count();
        String eventId;
        try (Connection blocker = namespace.connect()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().executeQuery("SELECT * FROM orders WHERE customer_id = 1 FOR UPDATE").close();

            eventId = publish(deleted("customers", Map.of("id", 1, "email", "a@x.org")));
            await().atMost(PATIENCE).until(() -> meters.counter("ricascade.events", "outcome", "retried").count() > retriedBefore);
            assertThat(count("orders", "customer_id = 1")).isEqualTo(3);
            blocker.rollback();
        }
        awaitDone(eventId);
        assertThat(count("orders")).isEqualTo(1);
        assertThat(rabbit.receive(properties.deadLetterQueue())).isNull();
    }

    @Test
    void anEventStillFailingAfterItsRetriesIsNotOvertakenByTheNextOne() throws Exception {
        sql("INSERT INTO customers (id, email) VALUES (1, 'c@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('a@x.org', 'news')");
        double failedBefore = meters.counter("ricascade.events", "outcome", "failed").count();
        String second;
        try (Connection blocker = namespace.connect()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().executeQuery("SELECT * FROM subscriptions FOR UPDATE").close();

            publish(updated("customers", Map.of("id", 1, "email", "a@x.org"), Map.of("email", "b@x.org")));
            second = publish(updated("customers", Map.of("id", 1, "email", "b@x.org"), Map.of("email", "c@x.org")));
            // a whole round of retries of the first event has failed: handing it back now would let the second pass
            await().atMost(PATIENCE).until(() -> meters.counter("ricascade.events", "outcome", "failed").count() > failedBefore);
            blocker.rollback();
        }
        awaitDone(second);

        assertThat(rows("SELECT customer_email FROM subscriptions")).containsExactly("c@x.org");
    }

    /**
     * The dead-letter queue's binding deleted by hand: the broker returns the dead letter as unroutable. The consumer
     * keeps the message and retries the dead letter in place, so the row's next event waits behind it and the message
     * spends none of its queue's delivery limit; handed back again and again instead, after 20 deliveries the broker
     * would dead-letter it itself, into the same missing binding, and it would be gone.
     */
    @Test
    void aDeadLetterTheBrokerDoesNotTakeIsRetriedInPlaceAndNothingOvertakesIt() {
        oneCustomerWithOrders(2, 1);
        sql("DELETE FROM customers WHERE id = 1");
        Binding binding = new Binding(properties.deadLetterQueue(), Binding.DestinationType.QUEUE,
                properties.deadLetterExchange(), properties.deadLetterQueue(), null);
        admin.removeBinding(binding);
        String next;
        try {
            // on one shard: an update of a column no relationship references (dead-lettered), then a delete
            next = publishKeyed(1, updated("customers", Map.of("id", 1, "email", "a@x.org"), Map.of("name", "Ann")),
                    deleted("customers", Map.of("id", 1, "email", "a@x.org")));
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                    .until(() -> count("orders") == 3 && count("ri_cascade_status", "event_id = ?", next) == 0);
        } finally {
            admin.declareBinding(binding);
        }

        Message dead = awaitDeadLetter();
        assertThat(header(dead, DeadLetters.FIELD)).isEqualTo("changes.name");
        // a quorum queue counts each delivery after the first in this header, which the dead letter copies
        assertThat(header(dead, "x-delivery-count")).as("never handed back").isIn(null, "0");
        awaitDone(next);
        assertThat(count("orders")).isEqualTo(1);
    }

    private String lastStatusEvent() {
        return await().atMost(PATIENCE).until(() -> jdbc.sql(
                "SELECT event_id FROM ri_cascade_status ORDER BY started_at DESC LIMIT 1").query(String.class)
                .optional().orElse(null), id -> id != null);
    }
}
