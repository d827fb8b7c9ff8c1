package dev.ricascade.api;

import static dev.ricascade.api.Responses.accepted;
import static dev.ricascade.api.Responses.created;
import static dev.ricascade.api.Responses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.ApiClient.Response;
import dev.ricascade.api.InnoDbTwin.Outcome;
import dev.ricascade.api.InnoDbTwin.Verdict;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.testing.TestNamespace;

/**
 * A subscription written while a change of its customer's e-mail is pending, against an InnoDB twin that declares
 * the manifest's relationships as FOREIGN KEYs. No cleanup service runs: the cascade stays pending until a test
 * runs it by hand (the statement the cleanup service runs, then its status row). InnoDB's cascade ran with the
 * change, so a row written after it is never touched by it; the API must not let the late cascade touch one either.
 */
@ApiIntegrationTest
class ChildWritesDuringAPendingKeyChangeIntegrationTests {

    private static final String SUBSCRIBE = """
            INSERT INTO newsletter_subscriptions (customer_email, topic) VALUES (?, ?)""";
    private static final String SUBSCRIPTIONS = """
            SELECT CONCAT(customer_email, ' ', topic) FROM newsletter_subscriptions
            WHERE customer_email LIKE ? ORDER BY topic""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestNamespace namespace;

    @Autowired
    Manifest manifest;

    ApiClient api;
    InnoDbTwin innoDb;
    String tag;

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
        tag = UUID.randomUUID().toString().substring(0, 8);
        innoDb = InnoDbTwin.create(namespace, "fk_" + tag, manifest);
    }

    @AfterEach
    void disconnect() {
        innoDb.close();
    }

    @Test
    void aSubscriptionForTheOldEmailOfALetterCaseChangeWaitsForItsCascadeAndThenKeepsTheCaseItWasWrittenIn() {
        String old = "p3." + tag + "@x.OrG";
        String renamed = "p3." + tag + "@X.org";
        String written = "p3." + tag + "@x.org";
        long customer = customer(old);
        subscribe(old, "news");
        String change = accepted(api.put("/api/customers/" + customer + "/email", emailJson(renamed))).text("eventId");
        innoDb.jdbc().sql("UPDATE customers SET email = ? WHERE id = ?").params(renamed, customer).update();

        Response refused = api.post("/api/newsletter-subscriptions", subscriptionJson(written, "deals"));

        problem(refused, 409, "Retry once the cascade is done");
        assertThat(refused.headers().getFirst("Retry-After")).isEqualTo("2");
        assertThat(refused.text("eventId")).isEqualTo(change);
        assertThat(refused.text("detail")).contains("newsletter_subscriptions(customer_email)", "[" + old + "]",
                "newsletter_subscriptions_customer");
        assertThat(innoDb.apply(twin -> twin.sql(SUBSCRIBE).params(written, "deals").update() > 0, false).verdict())
                .as("InnoDB takes it, after its cascade").isEqualTo(Verdict.ACCEPTED);

        // the cascade, as the cleanup service runs it: every row equal to the old value as the column compares it
        jdbc.sql("UPDATE newsletter_subscriptions SET customer_email = ? WHERE customer_email = ?").params(renamed, old)
                .update();
        CascadeStatusRows.finish(jdbc, change, "done");
        created(api.post("/api/newsletter-subscriptions", subscriptionJson(written, "deals")));
        innoDb.apply(twin -> twin.sql(SUBSCRIBE).params(written, "deals").update() > 0, true);

        assertThat(subscriptions(jdbc)).containsExactly(written + " deals", renamed + " news")
                .isEqualTo(subscriptions(innoDb.jdbc()));
    }

    @Test
    void aSubscriptionForTheOldEmailOfAnyOtherChangeIsRefusedForGoodAsInnoDbRefusesIt() {
        String old = "p4." + tag + "@x.org";
        String renamed = "q4." + tag + "@x.org";
        long customer = customer(old);
        accepted(api.put("/api/customers/" + customer + "/email", emailJson(renamed)));
        innoDb.jdbc().sql("UPDATE customers SET email = ? WHERE id = ?").params(renamed, customer).update();

        Response refused = api.post("/api/newsletter-subscriptions", subscriptionJson(old.toUpperCase(), "news"));

        Outcome twin = innoDb.apply(db -> db.sql(SUBSCRIBE).params(old.toUpperCase(), "news").update() > 0, false);
        assertThat(twin.verdict()).isEqualTo(Verdict.REFUSED);
        assertThat(twin.reason()).startsWith("1452");
        problem(refused, 422, "newsletter_subscriptions_customer");
        assertThat(refused.headers().getFirst("Retry-After")).as("no parent holds the old value: nothing to wait for")
                .isNull();
    }

    /** Creates the customer on both sides, with the same id. */
    private long customer(String email) {
        long id = created(api.post("/api/customers", """
                {"name": "%s", "email": "%s"}""".formatted(email, email))).number("id");
        innoDb.jdbc().sql("INSERT INTO customers (id, name, email) VALUES (?, ?, ?)").params(id, email, email).update();
        return id;
    }

    private void subscribe(String email, String topic) {
        created(api.post("/api/newsletter-subscriptions", subscriptionJson(email, topic)));
        innoDb.jdbc().sql(SUBSCRIBE).params(email, topic).update();
    }

    /** This test's subscriptions, as e-mail and topic, byte for byte. */
    private List<String> subscriptions(JdbcClient db) {
        return db.sql(SUBSCRIPTIONS).param("%" + tag + "%").query(String.class).list();
    }

    private static String emailJson(String email) {
        return "{\"email\": \"" + email + "\"}";
    }

    private static String subscriptionJson(String email, String topic) {
        return "{\"email\": \"" + email + "\", \"topic\": \"" + topic + "\"}";
    }
}
