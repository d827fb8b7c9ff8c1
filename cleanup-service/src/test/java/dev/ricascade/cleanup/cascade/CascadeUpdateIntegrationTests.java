package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ricascade.cleanup.CleanupIntegrationTest;

/** ON UPDATE actions: a referenced key changed, and what references it follows. */
class CascadeUpdateIntegrationTests extends CleanupIntegrationTest {

    @Test
    void changingAnEmailRewritesTheSubscriptionsAndWhatReferencesThem() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'new@x.org'), (2, 'other@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('old@x.org', 'news'), ('old@x.org', 'deals'), "
                + "('other@x.org', 'news')");
        for (int id = 1; id <= 25; id++) {
            sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (?, 'old@x.org', ?)", id, id % 2 == 0 ? "news" : "deals");
        }
        sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (100, 'other@x.org', 'news')");

        String eventId = publish(updated("customers", Map.of("id", 1, "email", "old@x.org"), Map.of("email", "new@x.org")));
        awaitDone(eventId);

        assertThat(rows("SELECT customer_email, topic FROM subscriptions ORDER BY customer_email, topic"))
                .containsExactly("new@x.org|deals", "new@x.org|news", "other@x.org|news");
        assertThat(count("deliveries", "customer_email = 'new@x.org'")).isEqualTo(25);
        assertThat(count("deliveries", "customer_email = 'other@x.org'")).isEqualTo(1);
        assertThat(rowsRecorded(eventId, "subscriptions_customer", "rewritten")).isEqualTo(2);
        assertThat(rowsRecorded(eventId, "deliveries_subscription", "rewritten")).isEqualTo(25);
    }

    /**
     * A subscription's topic changes, then its customer is deleted: two rows, two shards, so the customer's event may
     * run first. It deletes the subscription and finds no deliveries under the new topic; the topic change, run after,
     * must not move the deliveries to a subscription that is gone. InnoDB moved them and deleted them with it.
     */
    @Test
    void aKeyUpdateOvertakenByTheDeleteOfItsRowsAncestorLeavesWhatInnoDbLeaves() {
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('a@x.org', 'tips'), ('b@x.org', 'news')");
        for (int id = 1; id <= 3; id++) {
            sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (?, 'a@x.org', 'news')", id);
        }
        sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (9, 'b@x.org', 'news')");

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));
        assertThat(rows("SELECT topic FROM subscriptions WHERE customer_email = 'a@x.org'")).isEmpty();
        String eventId = publish(updated("subscriptions", Map.of("customer_email", "a@x.org", "topic", "news"),
                Map.of("topic", "tips")));
        awaitDone(eventId);

        assertThat(rows("SELECT id FROM deliveries")).as("only the other customer's delivery").containsExactly("9");
        assertThat(rowsRecorded(eventId, "deliveries_subscription", "deleted")).isEqualTo(3);
    }

    @Test
    void anUpdateOfAColumnNoRelationshipCascadesOnLeavesChildrenAlone() {
        sql("INSERT INTO customers (id, email) VALUES (2, 'a@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1)");

        // orders_customer is ON UPDATE RESTRICT: the order keeps pointing at 1 and a violation is counted
        String eventId = publish(updated("customers", Map.of("id", 1, "email", "a@x.org"), Map.of("id", 2)));
        awaitDone(eventId);

        assertThat(rows("SELECT customer_id FROM orders")).containsExactly("1");
        assertThat(rowsRecorded(eventId, "orders_customer", "violations")).isEqualTo(1);
    }

    @Test
    void aChangeOfLetterCaseOnlyCascadesAsInnoDbDoes() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'ada@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('Ada@X.org', 'news'), ('ada@x.org ', 'deals')");
        sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (1, 'ADA@x.org', 'news')");

        awaitDone(publish(updated("customers", Map.of("id", 1, "email", "Ada@X.org"), Map.of("email", "ada@x.org"))));

        assertThat(rows("SELECT CONCAT('[', customer_email, ']') FROM subscriptions ORDER BY topic"))
                .containsExactly("[ada@x.org]", "[ada@x.org]");
        assertThat(rows("SELECT customer_email FROM deliveries")).containsExactly("ada@x.org");
    }

    @Test
    void anUpdateThatChangesNothingIsDoneWithNothingToDo() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('a@x.org', 'news')");

        String eventId = publish(updated("customers", Map.of("id", 1, "email", "a@x.org"), Map.of("email", "a@x.org")));
        awaitDone(eventId);

        assertThat(rows("SELECT customer_email FROM subscriptions")).containsExactly("a@x.org");
        assertThat(rowsRecorded(eventId, "subscriptions_customer", "rewritten")).isZero();
    }

    @Test
    void aChangeOfAccentsOnlyCascadesToEveryChildTheCollationMatches() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'cafe@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('Café@x.org', 'news'), ('CAFE@x.org', 'deals')");

        awaitDone(publish(updated("customers", Map.of("id", 1, "email", "café@x.org"), Map.of("email", "cafe@x.org"))));

        assertThat(rows("SELECT customer_email FROM subscriptions ORDER BY topic")).containsExactly("cafe@x.org", "cafe@x.org");
    }
}
