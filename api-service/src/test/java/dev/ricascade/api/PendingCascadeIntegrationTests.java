package dev.ricascade.api;

import static dev.ricascade.api.Responses.accepted;
import static dev.ricascade.api.Responses.created;
import static dev.ricascade.api.Responses.ok;
import static dev.ricascade.api.Responses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.ricascade.api.ApiClient.Response;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestLoader;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;
import dev.ricascade.testing.TestNamespace;

/**
 * The API judges writes as InnoDB would, as if the cascades still pending had completed. No cleanup service runs
 * here, so every cascade stays pending until a test completes it by hand (the rows it would change, then its
 * status row). Where InnoDB's judgement is final, a twin database with the manifest's FOREIGN KEYs declared runs
 * the same statements and must judge alike; where the API only waits (a freed value), it must answer 409 with
 * {@code Retry-After} until the cascade is done, and then as InnoDB did.
 */
@ApiIntegrationTest
class PendingCascadeIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestNamespace namespace;

    ApiClient api;
    /** The shop's tables with the manifest's relationships declared as FOREIGN KEYs: the oracle. */
    JdbcClient innoDb;
    String tag;

    @BeforeEach
    void connect() throws IOException {
        api = new ApiClient(port);
        tag = UUID.randomUUID().toString().substring(0, 8);
        innoDb = twin();
    }

    @Test
    void aNewCustomerMayNotTakeTheEmailOfADeletedOneUntilItsCascadeIsDone() {
        String email = "reused." + tag + "@example.com";
        long first = customer("First", email);
        subscribe(email, "news");
        String deleted = accepted(api.delete("/api/customers/" + first)).text("eventId");

        Response refused = api.post("/api/customers", customerJson("Second", email));

        waits(refused, deleted);
        assertThat(refused.text("detail")).contains("customers(email) = [" + email + "]", "is not free yet", deleted);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customers WHERE name = ?").param("Second " + tag).query(Long.class)
                .single()).as("the refused customer was rolled back").isZero();

        // done, but the subscription is still there (a cascade that did not finish its work): an orphan to keep
        finish(deleted, "done");
        Response orphans = api.post("/api/customers", customerJson("Second", email));
        assertThat(orphans.status()).as(orphans.toString()).isEqualTo(409);
        assertThat(orphans.headers().getFirst("Retry-After")).isNotBlank();
        assertThat(orphans.text("detail")).contains("orphans", "newsletter_subscriptions_customer");

        jdbc.sql("DELETE FROM newsletter_subscriptions WHERE customer_email = ?").param(email).update();
        created(api.post("/api/customers", customerJson("Second", email)));
        assertThat(ok(api.get("/api/newsletter-subscriptions?email=" + email)).body().path("content")).isEmpty();
    }

    @Test
    void aValueThatAPendingEmailChangeMovesRowsIntoOrOutOfStaysTakenUntilItsCascadeIsDone() {
        String a = "a." + tag + "@example.com";
        String b = "b." + tag + "@example.com";
        String c = "c." + tag + "@example.com";
        long customer = customer("Moving", a);
        subscribe(a, "news");
        String toB = accepted(api.put("/api/customers/" + customer + "/email", emailJson(b))).text("eventId");
        String toC = accepted(api.put("/api/customers/" + customer + "/email", emailJson(c))).text("eventId");

        // the cascade of a -> b will move the subscription into b, and then the one of b -> c out of it
        Response takesB = api.post("/api/customers", customerJson("Taker", b));
        waits(takesB, toB);
        assertThat(takesB.text("detail")).contains("will move the rows that reference [" + a + "] into it");
        waits(api.post("/api/customers", customerJson("Taker", a)), toB);
        // the letter case does not make another value: the database compares under the column's collation
        waits(api.post("/api/customers", customerJson("Taker", b.toUpperCase())), toB);
        created(api.post("/api/customers", customerJson("Taker", "d." + tag + "@example.com")));

        jdbc.sql("UPDATE newsletter_subscriptions SET customer_email = ? WHERE customer_email = ?").params(b, a).update();
        finish(toB, "done");
        waits(api.post("/api/customers", customerJson("Other", b)), toC);
        jdbc.sql("UPDATE newsletter_subscriptions SET customer_email = ? WHERE customer_email = ?").params(c, b).update();
        finish(toC, "failed");
        created(api.post("/api/customers", customerJson("Other", b)));
    }

    @Test
    void aSubscriptionThatAPendingEmailChangeWouldDuplicateIsRefusedAsInnoDBRefusesIt() {
        String old = "old." + tag + "@example.com";
        String renamed = "new." + tag + "@example.com";
        String again = "newer." + tag + "@example.com";
        long customer = customer("Renamed", old);
        subscribe(old, "news");
        innoDb.sql("INSERT INTO customers (id, name, email) VALUES (?, ?, ?)").params(customer, "Renamed", old).update();
        innoDb.sql("INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, 'news')").param(old).update();
        accepted(api.put("/api/customers/" + customer + "/email", emailJson(renamed)));
        innoDb.sql("UPDATE customers SET email = ? WHERE id = ?").params(renamed, customer).update();

        Response duplicate = api.post("/api/newsletter-subscriptions", subscriptionJson(renamed, "news"));

        assertThat(innoDbRefuses("INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, 'news')", renamed))
                .as("InnoDB refuses the duplicate its cascade made").isTrue();
        problem(duplicate, 409, "Duplicate entry for key uk_newsletter_subscriptions_email_topic");
        assertThat(duplicate.text("uniqueKey")).isEqualTo("uk_newsletter_subscriptions_email_topic");
        assertThat(innoDbRefuses("INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, 'offers')", renamed))
                .isFalse();
        created(api.post("/api/newsletter-subscriptions", subscriptionJson(renamed, "offers")));

        // a second change before the first cascade ran: the subscription still waits at old, and will end at newer
        accepted(api.put("/api/customers/" + customer + "/email", emailJson(again)));
        innoDb.sql("UPDATE customers SET email = ? WHERE id = ?").params(again, customer).update();
        assertThat(innoDbRefuses("INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, 'news')", again))
                .isTrue();
        problem(api.post("/api/newsletter-subscriptions", subscriptionJson(again, "news")), 409, "Duplicate entry");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM newsletter_subscriptions WHERE customer_email IN (?, ?) AND topic = 'news'")
                .params(renamed, again).query(Long.class).single()).as("nothing the rewrites would collide with").isZero();
    }

    @Test
    void anItemMayBeDeletedOnceTheOnlyLinesThatUseItBelongToADeletedCustomer() {
        long customer = customer("Buyer", "buyer." + tag + "@example.com");
        long item = created(api.post("/api/items", """
                {"name": "Lamp %s", "price": 3}""".formatted(tag))).number("id");
        long order = created(api.post("/api/orders", "{\"customerId\": " + customer + "}")).number("number");
        ok(api.post("/api/orders/" + order + "/lines", """
                {"item": "Lamp %s", "quantity": 2}""".formatted(tag)));
        innoDb.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Buyer', 'b')").param(customer).update();
        innoDb.sql("INSERT INTO items (id, name, price) VALUES (?, 'Lamp', 3)").param(item).update();
        innoDb.sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)").params(order, customer).update();
        innoDb.sql("INSERT INTO order_lines VALUES (?, ?, 2)").params(order, item).update();

        assertThat(innoDbRefuses("DELETE FROM items WHERE id = ?", item)).isTrue();
        problem(api.delete("/api/items/" + item), 409, "order_lines");

        accepted(api.delete("/api/customers/" + customer));
        innoDb.sql("DELETE FROM customers WHERE id = ?").param(customer).update();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM order_lines WHERE item_id = ?").param(item).query(Long.class).single())
                .as("the line waits for the customer's cascade").isOne();

        assertThat(innoDbRefuses("DELETE FROM items WHERE id = ?", item)).isFalse();
        accepted(api.delete("/api/items/" + item));
    }

    @Test
    void aLiveLineAmongDeadOnesStillKeepsItsItem() {
        long gone = customer("Gone", "gone." + tag + "@example.com");
        long stays = customer("Stays", "stays." + tag + "@example.com");
        long item = created(api.post("/api/items", """
                {"name": "Desk %s", "price": 9}""".formatted(tag))).number("id");
        for (long customer : new long[] {gone, gone, stays}) {
            long order = created(api.post("/api/orders", "{\"customerId\": " + customer + "}")).number("number");
            ok(api.post("/api/orders/" + order + "/lines", """
                    {"item": "Desk %s", "quantity": 1}""".formatted(tag)));
        }
        accepted(api.delete("/api/customers/" + gone));

        Response refused = api.delete("/api/items/" + item);

        problem(refused, 409, "order_lines");
        assertThat(refused.text("relationship")).isEqualTo("order_lines_item");
    }

    @Test
    void aChangeOfLetterCaseOnlyKeepsTheCustomersOwnSubscriptions() {
        String email = "Ada." + tag + "@example.com";
        long customer = customer("Ada", email);
        subscribe(email, "news");
        innoDb.sql("INSERT INTO customers (id, name, email) VALUES (?, 'Ada', ?)").params(customer, email).update();
        innoDb.sql("INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, 'news')").param(email).update();

        assertThat(innoDbRefuses("UPDATE customers SET email = ? WHERE id = " + customer, email.toLowerCase())).isFalse();
        accepted(api.put("/api/customers/" + customer + "/email", emailJson(email.toLowerCase())));
        // and back, while the first cascade is still pending
        accepted(api.put("/api/customers/" + customer + "/email", emailJson(email)));

        assertThat(innoDbRefuses("INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, 'news')",
                email.toLowerCase())).isTrue();
        assertThat(api.post("/api/newsletter-subscriptions", subscriptionJson(email.toLowerCase(), "news")).status())
                .isEqualTo(409);
        assertThat(ok(api.get("/api/customers/" + customer)).text("email")).isEqualTo(email);
    }

    /** 409 with Retry-After, naming the event to wait for. */
    private static void waits(Response response, String eventId) {
        problem(response, 409, "Retry once the cascade is done");
        assertThat(response.headers().getFirst("Retry-After")).as(response.toString()).isEqualTo("2");
        assertThat(response.text("eventId")).isEqualTo(eventId);
        assertThat(response.text("cascade")).isEqualTo("/api/cascades/" + eventId);
    }

    /** What the cleanup service records when it has finished an event. */
    private void finish(String eventId, String state) {
        CascadeStatusRows.finish(jdbc, eventId, state);
    }

    private long customer(String name, String email) {
        return created(api.post("/api/customers", customerJson(name, email))).number("id");
    }

    private void subscribe(String email, String topic) {
        created(api.post("/api/newsletter-subscriptions", subscriptionJson(email, topic)));
    }

    private String customerJson(String name, String email) {
        return """
                {"name": "%s %s", "email": "%s"}""".formatted(name, tag, email);
    }

    private static String emailJson(String email) {
        return "{\"email\": \"" + email + "\"}";
    }

    private static String subscriptionJson(String email, String topic) {
        return "{\"email\": \"" + email + "\", \"topic\": \"" + topic + "\"}";
    }

    private boolean innoDbRefuses(String sql, Object value) {
        try {
            innoDb.sql(sql).param(value).update();
            return false;
        } catch (DataIntegrityViolationException e) {
            return true;
        }
    }

    /** A fresh database per test with the shop's schema and its relationships as FOREIGN KEYs. */
    private JdbcClient twin() throws IOException {
        String database = namespace.createDatabase("innodb_" + tag);
        JdbcClient twin = JdbcClient.create(new DriverManagerDataSource(namespace.jdbcUrl(database),
                namespace.databaseServer().user(), namespace.databaseServer().password()));
        String schema = new ClassPathResource("db/migration/V1__retail.sql").getContentAsString(StandardCharsets.UTF_8);
        for (String statement : schema.replaceAll("(?m)^--.*$", "").split(";")) {
            if (!statement.isBlank()) {
                twin.sql(statement).update();
            }
        }
        Manifest manifest = ManifestLoader.load(Files.readString(Path.of("../relationships.yml")), "relationships.yml");
        for (Relationship relationship : manifest.relationships()) {
            if (relationship.parent().table().startsWith("recipe")) {
                continue; // the twin has the retail tables only
            }
            twin.sql("ALTER TABLE %s ADD FOREIGN KEY (%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s".formatted(
                    SqlText.quote(relationship.child().table()), SqlText.columnList(relationship.child().columns()),
                    SqlText.quote(relationship.parent().table()), SqlText.columnList(relationship.parent().columns()),
                    relationship.onDelete().sqlName(), relationship.onUpdate().sqlName())).update();
        }
        return twin;
    }
}
