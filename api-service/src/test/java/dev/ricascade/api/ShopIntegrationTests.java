package dev.ricascade.api;

import static dev.ricascade.api.Responses.awaitDone;
import static dev.ricascade.api.Responses.created;
import static dev.ricascade.api.Responses.ok;
import static dev.ricascade.api.Responses.problem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.ricascade.api.ApiClient.Response;

/** The retail story, end to end: the API, MySQL, RabbitMQ and the real cleanup service. */
class ShopIntegrationTests extends EndToEndIntegration {

    // The retail story, one behaviour per test: a failure in one step does not hide the others.

    @Test
    void anOrderAddsLinesOfTheSameItemTogetherAndTotalsThem() {
        String tag = tag();
        long ada = customer("Ada", tag, null);
        item("Apple", tag, "0.50");
        item("Pear", tag, "1.25");

        Response order = created(api.post("/api/orders", """
                {"customerId": %d}""".formatted(ada)));
        long number = order.number("number");
        assertThat(order.location()).hasPath("/api/orders/" + number);
        assertThat(order.body().path("lines")).isEmpty();
        ok(api.post("/api/orders/" + number + "/lines", """
                {"item": "Apple %s", "quantity": 4}""".formatted(tag)));
        ok(api.post("/api/orders/" + number + "/lines", """
                {"item": "Pear %s", "quantity": 2}""".formatted(tag)));
        Response lines = ok(api.post("/api/orders/" + number + "/lines", """
                {"item": "Apple %s", "quantity": 1}""".formatted(tag)));

        assertThat(lines.body().path("lines")).extracting(line -> line.path("item").asString() + " x" + line.path("quantity").asInt())
                .containsExactly("Apple " + tag + " x5", "Pear " + tag + " x2");
        assertThat(ok(api.get("/api/orders/" + number + "/total")).body().path("total").decimalValue()).isEqualByComparingTo("5.00");
        Response listed = ok(api.get("/api/orders?customerId=" + ada + "&page=0&size=10"));
        assertThat(listed.body().path("content")).hasSize(1);
        assertThat(listed.body().path("content").get(0).path("lines")).hasSize(2);
        assertThat(listed.body().path("hasNext").asBoolean()).isFalse();
    }

    @Test
    void anItemInAnOrderIsRefusedDeletionUntilTheOrdersCascadeRemovedTheLine() {
        String tag = tag();
        OpenOrder open = openOrder("Fay", "Pear", tag);
        long pear = item("Quince", tag, "1.25");
        ok(api.post("/api/orders/" + open.number() + "/lines", """
                {"item": "Quince %s", "quantity": 2}""".formatted(tag)));

        Response refused = api.delete("/api/items/" + pear);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("relationship")).isEqualTo("order_lines_item");
        assertThat(refused.number("blockingRows")).isEqualTo(1);
        assertThat(refused.text("detail")).contains("order_lines", "Delete or re-point those rows first");
        ok(api.get("/api/items/" + pear));

        awaitDone(api, api.delete("/api/customers/" + open.customer()));
        awaitDone(api, api.delete("/api/items/" + pear));
        assertThat(api.get("/api/items/" + pear).status()).isEqualTo(404);
    }

    @Test
    void changingACustomersEmailRewritesItsSubscriptions() {
        String tag = tag();
        long ada = customer("Ada", tag, null);
        subscribe("ada." + tag + "@example.com", "news");
        subscribe("ada." + tag + "@example.com", "offers");

        JsonNode cascade = awaitDone(api, api.put("/api/customers/" + ada + "/email", """
                {"email": "ada.new.%s@example.com"}""".formatted(tag)));

        assertThat(cascade.path("relationships")).anySatisfy(r -> {
            assertThat(r.path("relationship").asString()).isEqualTo("newsletter_subscriptions_customer");
            assertThat(r.path("rewritten").asLong()).isEqualTo(2);
        });
        assertThat(ok(api.get("/api/newsletter-subscriptions?email=ada.new." + tag + "@example.com")).body().path("content"))
                .extracting(s -> s.path("topic").asString()).containsExactlyInAnyOrder("news", "offers");
        assertThat(ok(api.get("/api/newsletter-subscriptions?email=ada." + tag + "@example.com")).body().path("content")).isEmpty();
    }

    @Test
    void deletingACustomerRemovesItsOrdersLinesAndSubscriptionsAndForgetsItAsAReferrer() {
        String tag = tag();
        OpenOrder open = openOrder("Ada", "Apple", tag);
        long ada = open.customer();
        long number = open.number();
        long bob = customer("Bob", tag, ada);
        item("Pear", tag, "1.25");
        ok(api.post("/api/orders/" + number + "/lines", """
                {"item": "Apple %s", "quantity": 4}""".formatted(tag)));
        ok(api.post("/api/orders/" + number + "/lines", """
                {"item": "Pear %s", "quantity": 2}""".formatted(tag)));
        subscribe("ada." + tag + "@example.com", "news");
        subscribe("ada." + tag + "@example.com", "offers");

        JsonNode cascade = awaitDone(api, api.delete("/api/customers/" + ada));

        assertThat(cascade.path("relationships")).extracting(r -> r.path("relationship").asString() + " deleted "
                        + r.path("deleted").asLong() + " nulled " + r.path("nulled").asLong())
                .contains("orders_customer deleted 1 nulled 0", "order_lines_order deleted 2 nulled 0",
                        "newsletter_subscriptions_customer deleted 2 nulled 0", "customers_referrer deleted 0 nulled 1");
        assertThat(api.get("/api/customers/" + ada).status()).isEqualTo(404);
        assertThat(api.get("/api/orders/" + number).status()).isEqualTo(404);
        assertThat(ok(api.get("/api/orders?customerId=" + ada)).body().path("content")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM order_lines WHERE order_id = ?").param(number).query(Long.class).single()).isZero();
        assertThat(ok(api.get("/api/customers/" + bob)).body().path("referredBy").isNull()).isTrue();
    }

    @Test
    void eachErrorIsAProblemDetailThatSaysWhatIsWrong() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long order = openOrder("Cy", "Fig", tag).number();

        problem(api.get("/api/customers/999999999"), 404, "There is no customer 999999999.");
        problem(api.delete("/api/items/999999999"), 404, "There is no item 999999999.");
        problem(api.post("/api/orders/999999999/lines", """
                {"item": "Fig %s", "quantity": 1}""".formatted(tag)), 404, "There is no order 999999999.");
        problem(api.get("/api/cascades/no-such-event"), 404, "No cascade is known for event no-such-event");

        problem(api.post("/api/customers", """
                {"name": "Cy %s", "email": "other.%s@example.com"}""".formatted(tag, tag)), 409, "A customer named Cy " + tag + " already exists.");
        problem(api.post("/api/customers", """
                {"name": "Cy2 %s", "email": "cy.%s@example.com"}""".formatted(tag, tag)), 409, "already exists");

        problem(api.post("/api/orders", """
                {"customerId": 999999999}"""), 422, "must reference an existing row of customers(id)");
        problem(api.post("/api/orders/" + order + "/lines", """
                {"item": "No such item", "quantity": 1}"""), 422, "There is no item named 'No such item'");
        problem(api.post("/api/newsletter-subscriptions", """
                {"email": "nobody.%s@example.com", "topic": "news"}""".formatted(tag)), 422, "customers(email)");
        problem(api.post("/api/customers", """
                {"name": "Di %s", "email": "di.%s@example.com", "referredBy": 999999999}""".formatted(tag, tag)), 422,
                "relationship customers_referrer");

        problem(api.post("/api/customers", "{\"name\": "), 400, "The request body is not the JSON this endpoint expects");
        problem(api.post("/api/customers", """
                {"name": "", "email": "not-an-email"}"""), 400, "'email' must be a well-formed email address");
        problem(api.post("/api/orders/" + order + "/lines", """
                {"item": "Fig %s", "quantity": 0}""".formatted(tag)), 400, "'quantity' must be greater than 0");
        problem(api.get("/api/items?size=1000"), 400, "'size' must be less than or equal to 100");
        problem(api.get("/api/customers/abc"), 400, "'id' must be a long, got 'abc'");
    }

    @Test
    void anOrderWhoseCustomerIsGoneTakesNoNewLinesEvenBeforeTheCascadeRan() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        OpenOrder open = openOrder("Ed", "Plum", tag);
        long order = open.number();
        // deleting the customer directly, as if its cascade had not run yet: the order is still there
        jdbc.sql("DELETE FROM customers WHERE id = ?").param(open.customer()).update();

        Response refused = api.post("/api/orders/" + order + "/lines", """
                {"item": "Plum %s", "quantity": 1}""".formatted(tag));

        problem(refused, 422, "is being deleted");
        assertThat(refused.text("relationship")).isEqualTo("order_lines_order");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM order_lines WHERE order_id = ?").param(order).query(Long.class).single()).isZero();
    }

    @Test
    void theApiDocumentsItselfAndReportsItsHealthAndOutbox() {
        Response openApi = ok(api.get("/v3/api-docs"));
        assertThat(openApi.body().path("paths").propertyNames()).contains("/api/customers", "/api/customers/{id}/email",
                "/api/orders/{number}/lines", "/api/orders/{number}/total", "/api/recipes", "/api/cascades/{eventId}");
        assertThat(api.get("/swagger-ui/index.html").status()).isEqualTo(200);

        JsonNode health = api.get("/actuator/health").body();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("rabbit").path("status").asString()).isEqualTo("UP");
        assertThat(gaugeValue("ricascade.outbox.backlog")).isFinite().isNotNegative();
        assertThat(gaugeValue("ricascade.outbox.oldest.pending.age")).isFinite().isNotNegative();
    }

    /** The gauge's one value: a number, not the NaN a gauge answers when its query failed. */
    private double gaugeValue(String name) {
        JsonNode measurements = ok(api.get("/actuator/metrics/" + name)).body().path("measurements");
        assertThat(measurements).as(name).hasSize(1);
        JsonNode value = measurements.get(0).path("value");
        assertThat(value.isNumber()).as("%s = %s", name, value).isTrue();
        return value.asDouble();
    }

    record OpenOrder(long customer, long number) {
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new customer named with the tag, e-mail {@code <name>.<tag>@example.com}; its id. */
    private long customer(String name, String tag, Long referredBy) {
        return created(api.post("/api/customers", """
                {"name": "%s %s", "email": "%s.%s@example.com", "referredBy": %s}""".formatted(name, tag,
                name.toLowerCase(Locale.ROOT), tag, referredBy))).number("id");
    }

    /** A new item named with the tag; its id. */
    private long item(String name, String tag, String price) {
        return created(api.post("/api/items", """
                {"name": "%s %s", "price": %s}""".formatted(name, tag, price))).number("id");
    }

    private void subscribe(String email, String topic) {
        created(api.post("/api/newsletter-subscriptions", """
                {"email": "%s", "topic": "%s"}""".formatted(email, topic)));
    }

    /** A new customer with an empty order, and a new item to put in it, all named with the tag. */
    private OpenOrder openOrder(String customerName, String itemName, String tag) {
        long customer = customer(customerName, tag, null);
        item(itemName, tag, "2");
        long order = created(api.post("/api/orders", """
                {"customerId": %d}""".formatted(customer))).number("number");
        return new OpenOrder(customer, order);
    }
}
