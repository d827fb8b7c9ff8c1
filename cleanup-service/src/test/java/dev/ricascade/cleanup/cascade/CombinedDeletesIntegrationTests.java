package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.events.ChangeEvent;

/**
 * Delete events that arrive side by side on the service's default 20 shards are combined into runs
 * ({@link CombinedDeletes}); published all at once, as an outbox relay or the capture would, without waiting for one
 * cascade before the next. Each event must still end as it would alone: its own status and exact counts, a bad
 * event dead-lettered without failing its neighbours, one row's events in order.
 */
// the shipped shape: the default 20 shards and batch size, not the test base's
@TestPropertySource(properties = {"ricascade.shards=20", "ricascade.batch-size=10000"})
class CombinedDeletesIntegrationTests extends CleanupIntegrationTest {

    private static final Duration LONG_PATIENCE = Duration.ofSeconds(90);

    @Autowired
    protected MeterRegistry meters;

    /**
     * Customer {@code c} (ids 101 to 160) owns {@code c % 4} orders of {@code c % 3 + 1} lines each, each line one
     * shipment, a subscription with {@code c % 2 + 1} deliveries, a note on the customer and, when it has orders, a
     * note on its first order by another customer's note; every fourth customer referred the next.
     */
    private Map<Long, long[]> shop(int customers) {
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')");
        Map<Long, long[]> expected = new LinkedHashMap<>();
        long order = 1000;
        long shipment = 1;
        long delivery = 1;
        for (long c = 101; c < 101 + customers; c++) {
            sql("INSERT INTO customers (id, email) VALUES (?, ?)", c, "c" + c + "@x.org");
            long orders = c % 4;
            long lines = c % 3 + 1;
            for (int o = 0; o < orders; o++) {
                order++;
                sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)", order, c);
                for (int item = 1; item <= lines; item++) {
                    sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, ?, 1)", order, item);
                    sql("INSERT INTO shipments (id, order_id, item_id) VALUES (?, ?, ?)", shipment++, order, item);
                }
            }
            sql("INSERT INTO subscriptions (customer_email, topic) VALUES (?, 'news')", "c" + c + "@x.org");
            for (int d = 0; d <= c % 2; d++) {
                sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (?, ?, 'news')", delivery++, "c" + c + "@x.org");
            }
            sql("INSERT INTO notes (id, customer_id) VALUES (?, ?)", c, c);
            // orders, lines, shipments, subscriptions, deliveries, notes
            expected.put(c, new long[] {orders, orders * lines, orders * lines, 1, c % 2 + 1, 1});
        }
        return expected;
    }

    private void assertOwnCounts(String eventId, long[] expected) {
        assertThat(new long[] {rowsRecorded(eventId, "orders_customer", "deleted"),
                rowsRecorded(eventId, "order_lines_order", "deleted"), rowsRecorded(eventId, "shipments_line", "deleted"),
                rowsRecorded(eventId, "subscriptions_customer", "deleted"),
                rowsRecorded(eventId, "deliveries_subscription", "deleted"), rowsRecorded(eventId, "notes_customer", "deleted")})
                .as("rows recorded for event %s", eventId).containsExactly(expected);
    }

    private String deleteAndPublish(long customer) {
        sql("DELETE FROM customers WHERE id = ?", customer);
        return publishKeyed(customer, deleted("customers", Map.of("id", customer, "email", "c" + customer + "@x.org")));
    }

    /** The customers' events by customer, and the event published between two of them. */
    private record Published(Map<Long, String> events, String between) {
    }

    /** Deletes and publishes each customer in turn, and after the {@code at}-th (from 0) publishes {@code between}. */
    private Published deleteAndPublishAll(Collection<Long> customers, int at,
                                          Supplier<String> between) {
        Map<Long, String> events = new LinkedHashMap<>();
        String published = null;
        int i = 0;
        for (long customer : customers) {
            events.put(customer, deleteAndPublish(customer));
            if (i++ == at) {
                published = between.get();
            }
        }
        return new Published(events, published);
    }

    private void awaitAllDone(Collection<String> eventIds) {
        await().atMost(LONG_PATIENCE).until(() -> count("ri_cascade_status", "state = 'done' AND event_id IN ("
                + placeholders(eventIds.size()) + ")", eventIds.toArray()) == eventIds.size());
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private long combinedRunsMax() {
        DistributionSummary runs = meters.find("ricascade.cascade.run.events").summary();
        return runs == null ? 0 : (long) runs.max();
    }

    /** Published all at once onto 20 shards: at least one run held several events. */
    protected void assertRunsCombined() {
        assertThat(combinedRunsMax()).isGreaterThan(1);
    }

    /** The most combined runs that were under way at once. */
    private long runsAtOnceMax() {
        DistributionSummary runs = meters.find("ricascade.cascade.run.at-once").summary();
        return runs == null ? 0 : (long) runs.max();
    }

    @Test
    void eachEventOfACombinedRunKeepsItsOwnStatusAndExactCounts() {
        Map<Long, long[]> expected = shop(60);
        Map<Long, String> events = new LinkedHashMap<>();
        expected.keySet().forEach(c -> events.put(c, deleteAndPublish(c)));

        awaitAllDone(events.values());
        events.forEach((customer, eventId) -> assertOwnCounts(eventId, expected.get(customer)));
        assertThat(count("orders") + count("order_lines") + count("shipments") + count("subscriptions") + count("deliveries")
                + count("notes")).isZero();
        assertThat(count("items")).isEqualTo(3);
        assertThat(count("ri_cascade_status", "event_id IN (" + placeholders(events.size()) + ") AND state = 'done' "
                + "AND entity = 'customers' AND action = 'deleted' AND finished_at IS NOT NULL", events.values().toArray()))
                .isEqualTo(60);
        assertRunsCombined();
    }

    /**
     * Two runs go on side by side, as the shards not in one gather the next; each event still gets exactly its own
     * rows, also when a customer's two events (deleted, inserted again with other children, deleted again) may be in
     * the two runs at once: the children of both go, each counted once, by whichever run deleted them.
     */
    @Test
    void runsSideBySideKeepEachEventsCountsAndAOneRowsTwoDeletesTakeBothSubtrees() {
        Map<Long, long[]> expected = shop(60);
        // customer 103 deleted, inserted again with other orders and deleted again before its events go out, as an
        // outbox relays them: its two events, one behind the other on its shard
        sql("DELETE FROM customers WHERE id = 103");
        sql("INSERT INTO customers (id, email) VALUES (103, 'c103@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (9001, 103), (9002, 103)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (9001, 1, 1), (9002, 2, 1), (9002, 3, 1)");
        Map<Long, String> events = new LinkedHashMap<>();
        String again = null;
        for (long customer : expected.keySet()) {
            events.put(customer, deleteAndPublish(customer));
            if (customer == 103L) {
                again = publishKeyed(103L, deleted("customers", Map.of("id", 103L, "email", "c103@x.org")));
            }
        }

        awaitAllDone(events.values());
        awaitAllDone(List.of(again));
        events.forEach((customer, eventId) -> {
            if (customer != 103L) {
                assertOwnCounts(eventId, expected.get(customer));
            }
        });
        assertThat(count("orders") + count("order_lines") + count("shipments") + count("subscriptions") + count("deliveries")
                + count("notes")).isZero();
        // 103 owned 3 orders of 2 lines, then 2 orders of 3 lines in all: each row told to one of its two events
        assertThat(rowsRecorded(events.get(103L), "orders_customer", "deleted") + rowsRecorded(again, "orders_customer",
                "deleted")).isEqualTo(3 + 2);
        assertThat(rowsRecorded(events.get(103L), "order_lines_order", "deleted") + rowsRecorded(again,
                "order_lines_order", "deleted")).isEqualTo(3 * 2 + 3);
        assertThat(runsAtOnceMax()).as("the most combined runs under way at once").isEqualTo(CombinedDeletes.RUNS_AT_ONCE);
    }

    @Test
    void aBadEventInACombinedRunIsDeadLetteredAloneAndItsNeighboursFinish() {
        Map<Long, long[]> expected = shop(40);
        sql("INSERT INTO customers (id, email, referred_by) VALUES (1, 'still@x.org', NULL)");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        // a customer whose RESTRICTed item goes: its own run keeps the lines and reports the violation
        sql("INSERT INTO items (id, name) VALUES (9, 'kept')");
        sql("INSERT INTO customers (id, email) VALUES (2, 'two@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (2, 2)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (2, 9, 1)");

        Published published = deleteAndPublishAll(expected.keySet(), 17, () -> {
            // its row still exists: a mistake, to be dead-lettered, in the middle of the others
            publishKeyed(1, deleted("customers", Map.of("id", 1, "email", "still@x.org")));
            sql("DELETE FROM items WHERE id = 9");
            return publishKeyed(9, deleted("items", Map.of("id", 9)));
        });
        Map<Long, String> events = published.events();
        String items = published.between();

        Message dead = awaitDeadLetter();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains("still@x.org");
        assertThat(String.valueOf(dead.getMessageProperties().getHeaders().get("x-ricascade-reason"))).contains("still exists");
        List<String> finishing = new ArrayList<>(events.values());
        finishing.add(items);
        awaitAllDone(finishing);
        events.forEach((customer, eventId) -> assertOwnCounts(eventId, expected.get(customer)));
        assertThat(count("orders", "customer_id = 1")).isEqualTo(1);
        assertThat(count("order_lines", "item_id = 9")).isEqualTo(1);
        assertThat(rows("SELECT state, detail LIKE '%RESTRICT%' FROM ri_cascade_status WHERE event_id = ?", items))
                .containsExactly("done|1");
        assertThat(rows("SELECT event FROM ri_cascade_status WHERE state = 'failed' AND event LIKE '%still@x.org%'")).hasSize(1);
        assertThat(rabbit.receive(properties.deadLetterQueue())).as("only the bad event is dead-lettered").isNull();
    }

    /** How many events combined runs have sent to run alone so far. */
    private double sentAlone() {
        return meters.counter("ricascade.cascade.run.alone").count();
    }

    /** Only the events that could not be combined ran alone: the others joined runs without them. */
    protected void assertSentAlone(double sentAlone, int expected) {
        assertThat(sentAlone).as("events sent to run alone").isEqualTo(expected);
    }

    /**
     * Among small customers, one with a batch of orders and one with a batch of shipments under a single order: a run
     * that holds either rolls back, that one runs alone (batch by batch, as the budget allows), and the small ones it
     * shared the run with go into the next run without it, not each alone.
     */
    @Test
    void largeSubtreesRunAloneAndTheirNeighboursStillCombine() {
        Map<Long, long[]> expected = shop(40);
        int large = properties.batchSize();
        sql("INSERT INTO customers (id, email) VALUES (99, 'orders@x.org'), (98, 'shipments@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES " + IntStream.range(0, large)
                .mapToObj(i -> "(" + (100_000 + i) + ", 99)").collect(Collectors.joining(", ")) + ", (98000, 98)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (98000, 1, 1)");
        sql("INSERT INTO shipments (id, order_id, item_id) VALUES " + IntStream.range(0, large)
                .mapToObj(i -> "(" + (100_000 + i) + ", 98000, 1)").collect(Collectors.joining(", ")));
        double sentAloneBefore = sentAlone();

        Published published = deleteAndPublishAll(expected.keySet(), 20, () -> {
            sql("DELETE FROM customers WHERE id IN (98, 99)");
            publishKeyed(98, deleted("customers", Map.of("id", 98, "email", "shipments@x.org")));
            return publishKeyed(99, deleted("customers", Map.of("id", 99, "email", "orders@x.org")));
        });
        Map<Long, String> events = published.events();

        List<String> all = new ArrayList<>(events.values());
        all.add(published.between());
        awaitAllDone(all);
        events.forEach((customer, eventId) -> assertOwnCounts(eventId, expected.get(customer)));
        assertThat(rowsRecorded(published.between(), "orders_customer", "deleted")).isEqualTo(large);
        assertThat(count("orders") + count("order_lines") + count("shipments")).isZero();
        assertSentAlone(sentAlone() - sentAloneBefore, 2);
        assertRunsCombined();
    }

    /**
     * An outbox relay that stopped between publishing and marking its rows sends them again: two messages of one event,
     * neither delivered before, so no run looks their status up first. The run's insert of the statuses refuses the
     * second (or both, in one run), the run rolls back, and alone the first does the cascade and the second finds it
     * done: every event once, its counts not doubled.
     */
    @Test
    void anEventPublishedTwiceIsDoneOnceWithItsOwnCounts() {
        Map<Long, long[]> expected = shop(30);
        Map<Long, String> events = new LinkedHashMap<>();
        double duplicatesBefore = meters.counter("ricascade.events", "outcome", "duplicate").count();
        for (long c : expected.keySet()) {
            sql("DELETE FROM customers WHERE id = ?", c);
            ChangeEvent event = deleted("customers", Map.of("id", c, "email", "c" + c + "@x.org"));
            events.put(c, publishKeyed(c, event, event));
        }

        awaitAllDone(events.values());
        await("every second copy found done").atMost(LONG_PATIENCE).until(() -> meters.counter("ricascade.events",
                "outcome", "duplicate").count() - duplicatesBefore == events.size());
        events.forEach((customer, eventId) -> assertOwnCounts(eventId, expected.get(customer)));
        assertThat(count("ri_cascade_status", "event_id IN (" + placeholders(events.size()) + ")",
                events.values().toArray())).isEqualTo(events.size());
        assertThat(count("orders") + count("order_lines") + count("subscriptions") + count("notes")).isZero();
    }

    @Test
    void oneRowsEventsStayInOrderWhileOtherRowsCombine() {
        Map<Long, long[]> expected = shop(40);
        List<String> last = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (long c : expected.keySet()) {
            if (c % 2 == 0) {
                // behind the API's back: the e-mail changes, then the customer goes; both keyed by the customer's id
                sql("UPDATE customers SET email = ? WHERE id = ?", "new" + c + "@x.org", c);
                sql("DELETE FROM customers WHERE id = ?", c);
                ChangeEvent update = updated("customers", Map.of("id", c, "email", "c" + c + "@x.org"),
                        Map.of("email", "new" + c + "@x.org"));
                all.add(update.eventId());
                last.add(publishKeyed(c, update, deleted("customers", Map.of("id", c, "email", "new" + c + "@x.org"))));
            } else {
                last.add(deleteAndPublish(c));
            }
        }

        all.addAll(last);
        awaitAllDone(all);
        // in order, the update moved each subscription to the new e-mail and the delete removed it there; the other
        // way round the delete would have found nothing and the update left orphans under the new e-mail
        assertThat(rows("SELECT customer_email FROM subscriptions")).isEmpty();
        assertThat(rows("SELECT customer_email FROM deliveries")).isEmpty();
        assertThat(count("orders") + count("order_lines") + count("shipments") + count("notes")).isZero();
        for (String eventId : last) {
            assertThat(rowsRecorded(eventId, "subscriptions_customer", "deleted")).as("event %s", eventId).isEqualTo(1);
        }
    }
}
