package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.deployment.ManagementApi;

/**
 * A person publishing a test event from the RabbitMQ management UI: the UI posts to the management
 * HTTP API, {@code POST /api/exchanges/{vhost}/{exchange}/publish}, with no content type and no
 * properties, exactly as done here against the real broker (its management plugin enabled).
 */
class ManagementUiPublishIntegrationTests extends CleanupIntegrationTest {

    @Test
    void anEventPublishedFromTheManagementUiCascades() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org'), (2, 'b@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple')");
        sql("INSERT INTO orders (id, customer_id) VALUES (10, 1), (11, 1), (20, 2)");
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (10, 1, 1), (11, 1, 2), (20, 1, 3)");
        sql("DELETE FROM customers WHERE id = 1");

        assertThat(publishFromTheUi("customers.deleted", "{\"entity\":\"customers\",\"action\":\"deleted\",\"id\":1}"))
                .as("routed to the cleanup queue").isTrue();

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(count("orders", "customer_id = 1")).isZero();
            assertThat(count("order_lines", "order_id IN (10, 11)")).isZero();
        });
        assertThat(rows("SELECT id FROM orders")).containsExactly("20");
        assertThat(count("order_lines")).isEqualTo(1);
        // the UI's event has no eventId: the service gives it one and records the cascade under it
        assertThat(await().atMost(PATIENCE).until(() -> rows(
                "SELECT state FROM ri_cascade_status WHERE entity = 'customers' AND state <> 'running'"), r -> !r.isEmpty()))
                .singleElement().isNotEqualTo("failed");
    }

    @Test
    void garbagePublishedFromTheManagementUiEndsInTheDeadLetterQueueWithItsReason() {
        assertThat(publishFromTheUi("customers.deleted", "delete customer 1 please")).isTrue();

        Message dead = awaitDeadLetter();

        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("delete customer 1 please");
        assertThat(dead.getMessageProperties().<Object>getHeader(DeadLetters.REASON)).asString().contains("not valid JSON");
        assertThat(dead.getMessageProperties().<Object>getHeader(DeadLetters.ORIGINAL_ROUTING_KEY)).isEqualTo("customers.deleted");
        assertThat(count("customers")).isZero();
    }

    /** What the UI's "Publish message" button sends; returns whether the broker routed the message to a queue. */
    private boolean publishFromTheUi(String routingKey, String payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("properties", Map.of());
        body.put("routing_key", routingKey);
        body.put("payload", payload);
        body.put("payload_encoding", "string");
        return new ManagementApi(namespace.broker())
                .call("POST", "/api/exchanges/%2F/" + ManagementApi.segment(properties.exchange()) + "/publish", body)
                .get("routed").asBoolean();
    }
}
