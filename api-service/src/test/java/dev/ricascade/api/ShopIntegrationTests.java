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

    @Test
    void theRetailStoryFromFirstOrderToDeletedCustomer() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long ada = created(api.post("/api/customers", """
                {"name": "Ada %s", "email": "ada.%s@example.com"}""".formatted(tag, tag))).number("id");
        long bob = created(api.post("/api/customers", """
                {"name": "Bob %s", "email": "bob.%s@example.com", "referredBy": %d}""".formatted(tag, tag, ada))).number("id");
        created(api.post("/api/items", """
                {"name": "Apple %s", "price": 0.50}""".formatted(tag)));
        long pear = created(api.post("/api/items", """
                {"name": "Pear %s", "price": 1.25}""".formatted(tag))).number("id");
        created(api.post("/api/newsletter-subscriptions", """
                {"email": "ada.%s@example.com", "topic": "news"}""".formatted(tag)));
        created(api.post("/api/newsletter-subscriptions", """
                {"email": "ada.%s@example.com", "topic": "offers"}""".formatted(tag)));

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

        Response refused = api.delete("/api/items/" + pear);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.text("relationship")).isEqualTo("order_lines_item");
        assertThat(refused.number("blockingRows")).isEqualTo(1);
        assertThat(refused.text("detail")).contains("order_lines", "Delete or re-point those rows first");
        ok(api.get("/api/items/" + pear));

        Response emailChanged = api.put("/api/customers/" + ada + "/email", """
                {"email": "ada.new.%s@example.com"}""".formatted(tag));
        JsonNode emailCascade = awaitDone(api, emailChanged);
        assertThat(emailCascade.path("relationships")).anySatisfy(r -> {
            assertThat(r.path("relationship").asString()).isEqualTo("newsletter_subscriptions_customer");
            assertThat(r.path("rewritten").asLong()).isEqualTo(2);
        });
        assertThat(ok(api.get("/api/newsletter-subscriptions?email=ada.new." + tag + "@example.com")).body().path("content"))
                .extracting(s -> s.path("topic").asString()).containsExactlyInAnyOrder("news", "offers");
        assertThat(ok(api.get("/api/newsletter-subscriptions?email=ada." + tag + "@example.com")).body().path("content")).isEmpty();

        Response deleted = api.delete("/api/customers/" + ada);
        JsonNode cascade = awaitDone(api, deleted);
        assertThat(cascade.path("relationships")).extracting(r -> r.path("relationship").asString() + " deleted "
                        + r.path("deleted").asLong() + " nulled " + r.path("nulled").asLong())
                .contains("orders_customer deleted 1 nulled 0", "order_lines_order deleted 2 nulled 0",
                        "newsletter_subscriptions_customer deleted 2 nulled 0", "customers_referrer deleted 0 nulled 1");
        assertThat(api.get("/api/customers/" + ada).status()).isEqualTo(404);
        assertThat(api.get("/api/orders/" + number).status()).isEqualTo(404);
        assertThat(ok(api.get("/api/orders?customerId=" + ada)).body().path("content")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM order_lines WHERE order_id = ?").param(number).query(Long.class).single()).isZero();
        assertThat(ok(api.get("/api/customers/" + bob)).body().path("referredBy").isNull()).isTrue();

        Response pearDeleted = api.delete("/api/items/" + pear);
        awaitDone(api, pearDeleted);
        assertThat(api.get("/api/items/" + pear).status()).isEqualTo(404);
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
        assertThat(ok(api.get("/actuator/metrics/ricascade.outbox.backlog")).body().path("measurements")).isNotEmpty();
        assertThat(ok(api.get("/actuator/metrics/ricascade.outbox.oldest.pending.age")).body().path("measurements")).isNotEmpty();
    }

    record OpenOrder(long customer, long number) {
    }

    /** A new customer with an empty order, and a new item to put in it, all named with the tag. */
    private OpenOrder openOrder(String customerName, String itemName, String tag) {
        long customer = created(api.post("/api/customers", """
                {"name": "%s %s", "email": "%s.%s@example.com"}""".formatted(customerName, tag,
                customerName.toLowerCase(Locale.ROOT), tag))).number("id");
        created(api.post("/api/items", """
                {"name": "%s %s", "price": 2}""".formatted(itemName, tag)));
        long order = created(api.post("/api/orders", """
                {"customerId": %d}""".formatted(customer))).number("number");
        return new OpenOrder(customer, order);
    }
}
