package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.manifest.Relationship;

/** ON DELETE actions carried out through events on RabbitMQ, as InnoDB would for the same FOREIGN KEYs (batch size 10). */
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

        String eventId = publish(deleted("customers", Map.of("id", 1, "email", "a@x.org")));
        awaitDone(eventId);

        assertThat(rows("SELECT id, referred_by FROM customers ORDER BY id")).containsExactly("2|null", "3|null", "4|2");
        assertThat(rowsRecorded(eventId, "customers_referrer", "nulled")).isEqualTo(2);
    }

    @Test
    void restrictKeepsTheChildrenAndCountsAViolation() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (1, 1, 2), (1, 2, 1)");
        sql("DELETE FROM items WHERE id = 1"); // behind the API's back: InnoDB would have refused

        String eventId = publish(deleted("items", Map.of("id", 1)));
        awaitDone(eventId);

        assertThat(count("order_lines")).isEqualTo(2);
        assertThat(rowsRecorded(eventId, "order_lines_item", "violations")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT detail FROM ri_cascade_status WHERE event_id = ?").param(eventId)
                .query(String.class).single()).contains("order_lines_item");
    }

    @Test
    void aThreeLevelCascadeEndsWithTheCompositeKeyedShipments() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (1, 1, 1), (2, 1, 1)");
        sql("INSERT INTO shipments (id, order_id, item_id) VALUES (10, 1, 1)");
        sql("DELETE FROM customers WHERE id = 1");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));

        assertThat(count("orders") + count("order_lines") + count("shipments")).isZero();
    }

    @Test
    void deletingGivenRowsGoesBottomUpThroughEverythingBeneathThem(@Autowired CascadeEngine engine) {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 1)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (1, 1, 1), (2, 1, 1), (3, 1, 1)");
        sql("INSERT INTO shipments (id, order_id, item_id) VALUES (10, 1, 1), (11, 3, 1)");
        sql("INSERT INTO notes (id, order_id, customer_id) VALUES (1, 1, NULL)");

        CascadeReport report = engine.deleteRows("orders", List.of(List.of(1L), List.of(3L)), CascadeProgress.NONE);

        assertThat(rows("SELECT id FROM orders")).containsExactly("2");
        assertThat(rows("SELECT order_id FROM order_lines")).containsExactly("2");
        assertThat(count("shipments")).isZero();
        assertThat(rows("SELECT id, order_id FROM notes")).containsExactly("1|null");
        assertThat(report.rows("orders", RowChange.DELETED)).isEqualTo(2);
    }

    @Test
    void aShutdownDuringTheCascadeStopsItAtABatchBoundaryWithNothingBeneathLost(@Autowired CascadeEngine engine,
                                                                               @Autowired ShutdownSignal shutdown) {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org'), (2, 'b@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')");
        for (int order = 1; order <= 35; order++) {
            sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)", order, order <= 30 ? 1 : 2);
            sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, 1, 1), (?, 2, 1), (?, 3, 1)", order, order, order);
            sql("INSERT INTO shipments (id, order_id, item_id) VALUES (?, ?, 1)", order, order);
        }
        sql("DELETE FROM customers WHERE id = 1");
        long before = customerOnesRows();

        // the signal arrives while the cascade runs: as soon as its first batch has changed rows
        AtomicLong reported = new AtomicLong();
        CascadeProgress shutdownAfterTheFirstBatch = new CascadeProgress() {
            @Override
            public void rowsChanged(Relationship relationship, RowChange change, long rows) {
                reported.addAndGet(rows);
                shutdown.stop();
            }
        };
        try {
            assertThatThrownBy(() -> engine.parentDeleted("customers", Map.of("id", 1), shutdownAfterTheFirstBatch))
                    .isInstanceOf(CascadeStoppedException.class);
        } finally {
            shutdown.start();
        }

        long left = customerOnesRows();
        assertThat(reported.get()).as("rows changed before the signal").isPositive();
        assertThat(before - left).as("rows gone: exactly those of the batches that committed and were told").isEqualTo(reported.get());
        assertThat(left).as("rows left for the redelivery: the cascade did not run to its end").isPositive();
        assertThat(count("order_lines", "order_id NOT IN (SELECT id FROM orders)")
                + count("shipments", "(order_id, item_id) NOT IN (SELECT order_id, item_id FROM order_lines)"))
                .as("children whose parent went: the walk deletes beneath first, so none").isZero();

        engine.parentDeleted("customers", Map.of("id", 1), CascadeProgress.NONE);
        assertThat(customerOnesRows()).as("the redelivered event finishes the cascade").isZero();
        assertThat(count("orders") + count("order_lines") + count("shipments")).as("customer 2's rows").isEqualTo(5 + 15 + 5);
    }

    /** Customer 1's orders, their lines and those lines' shipments. */
    private long customerOnesRows() {
        return count("orders", "id <= 30") + count("order_lines", "order_id <= 30") + count("shipments", "order_id <= 30");
    }

    @Test
    void aCompositeKeyCascadesOnlyTheMatchingPairs() {
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear')");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (1, 1, 1), (1, 2, 1), (2, 1, 1)");
        sql("INSERT INTO shipments (id, order_id, item_id) VALUES (10, 1, 1), (11, 1, 2), (12, 2, 1), (13, 2, 2)");
        sql("DELETE FROM order_lines WHERE order_id = 1 AND item_id = 2");

        awaitDone(publish(deleted("order_lines", Map.of("order_id", 1, "item_id", 2))));

        assertThat(rows("SELECT id FROM shipments ORDER BY id")).containsExactly("10", "12", "13");
    }

    @Test
    void aSelfReferencingTreeIsRemovedToItsLeaves() {
        sql("INSERT INTO categories (id, parent_id) VALUES (1, NULL), (2, 1), (3, 1), (4, 2), (5, 4), (6, NULL), (7, 6)");
        sql("DELETE FROM categories WHERE id = 1");

        awaitDone(publish(deleted("categories", Map.of("id", 1))));

        assertThat(rows("SELECT id FROM categories ORDER BY id")).containsExactly("6", "7");
    }

    @Test
    void aChainDeeperThanTheBatchSizeIsRemovedWhole() {
        int depth = 3 * properties.batchSize() + 7;
        sql("INSERT INTO categories (id, parent_id) VALUES (1, NULL)");
        for (int id = 2; id <= depth; id++) {
            sql("INSERT INTO categories (id, parent_id) VALUES (?, ?)", id, id - 1);
        }
        sql("INSERT INTO categories (id, parent_id) VALUES (1000, NULL)");
        sql("DELETE FROM categories WHERE id = 1");

        String eventId = publish(deleted("categories", Map.of("id", 1)));
        awaitDone(eventId);

        assertThat(rows("SELECT id FROM categories")).containsExactly("1000");
        assertThat(rowsRecorded(eventId, "categories_parent", "deleted")).isEqualTo(depth - 1);
    }

    @Test
    void aCycleOfRowsWithBinaryKeysIsDeletedOnceAndTheCascadeEnds(@Autowired CascadeEngine engine) {
        // 2 reports to 1, 3 to 2; 3 and 4 mentor each other: deleting 1 reaches 3 twice. BINARY keys come
        // back as fresh byte arrays each time, so the guard against cycles must compare them by content.
        sql("INSERT INTO people (id, manager_id, mentor_id) VALUES (UNHEX('01'), NULL, NULL), (UNHEX('02'), UNHEX('01'), NULL), "
                + "(UNHEX('03'), UNHEX('02'), UNHEX('04')), (UNHEX('04'), NULL, UNHEX('03')), (UNHEX('05'), NULL, NULL)");
        byte[] first = new byte[16];
        first[0] = 1;
        sql("DELETE FROM people WHERE id = ?", (Object) first);

        CascadeReport report = engine.parentDeleted("people", Map.of("id", first), CascadeProgress.NONE);

        assertThat(rows("SELECT HEX(LEFT(id, 1)) FROM people")).containsExactly("05");
        assertThat(report.totalRows()).isEqualTo(3);
    }

    @Test
    void aRowReachedThroughTwoParentsEndsAsInnoDbLeavesIt() {
        // notes reference an order (SET NULL) and a customer (CASCADE): deleting the customer removes the
        // orders, which would null the notes' order_id, and the notes themselves through the customer
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org'), (2, 'b@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 2)");
        sql("INSERT INTO notes (id, order_id, customer_id) VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1), (4, NULL, 2)");
        sql("DELETE FROM customers WHERE id = 1");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));

        assertThat(rows("SELECT id, order_id, customer_id FROM notes ORDER BY id")).containsExactly("2|null|2", "4|null|2");
    }

    @Test
    void nullChildColumnsAreNeverMatched() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO notes (id, order_id, customer_id) VALUES (1, NULL, NULL), (2, NULL, 1)");
        sql("INSERT INTO categories (id, parent_id) VALUES (1, NULL), (2, NULL)");
        sql("DELETE FROM categories WHERE id = 1");

        awaitDone(publish(deleted("categories", Map.of("id", 1))));
        awaitDone(publish(deleted("orders", Map.of("id", 99))));

        assertThat(rows("SELECT id FROM categories ORDER BY id")).containsExactly("2");
        assertThat(rows("SELECT id, order_id, customer_id FROM notes ORDER BY id")).containsExactly("1|null|null", "2|null|1");
    }

    @Test
    void aKeyWithoutAColumnSomeRelationshipNeedsCascadesTheRestAndSaysWhat() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('a@x.org', 'news')");
        sql("DELETE FROM customers WHERE id = 1");

        String eventId = publish(deleted("customers", Map.of("id", 1)));
        awaitDone(eventId);

        assertThat(count("orders")).isZero();
        assertThat(count("subscriptions")).isEqualTo(1); // left for the orphan sweep
        assertThat(jdbc.sql("SELECT detail FROM ri_cascade_status WHERE event_id = ?").param(eventId)
                .query(String.class).single()).contains("subscriptions_customer").contains("lacks 'email'");
    }

    @Test
    void childrenOfAParentThatStillHoldsTheValueStay() {
        // the subscriptions belong to whichever customer holds the email now
        sql("INSERT INTO customers (id, email) VALUES (2, 'a@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('a@x.org', 'news')");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));

        assertThat(count("subscriptions")).isEqualTo(1);
    }
}
