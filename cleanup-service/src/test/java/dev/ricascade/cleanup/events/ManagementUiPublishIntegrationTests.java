package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;

import tools.jackson.databind.json.JsonMapper;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.testing.TestServers;

/**
 * A person publishing a test event from the RabbitMQ management UI: the UI posts to the management
 * HTTP API, {@code POST /api/exchanges/{vhost}/{exchange}/publish}, with no content type and no
 * properties, exactly as done here against the real broker (its management plugin enabled).
 */
class ManagementUiPublishIntegrationTests extends CleanupIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            // plain HTTP/1.1: the h2c upgrade the client would otherwise ask for makes the management listener close the connection
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anEventPublishedFromTheManagementUiCascades() throws Exception {
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
    void garbagePublishedFromTheManagementUiEndsInTheDeadLetterQueueWithItsReason() throws Exception {
        assertThat(publishFromTheUi("customers.deleted", "delete customer 1 please")).isTrue();

        Message dead = awaitDeadLetter();

        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("delete customer 1 please");
        assertThat(dead.getMessageProperties().<Object>getHeader(DeadLetters.REASON)).asString().contains("not valid JSON");
        assertThat(dead.getMessageProperties().<Object>getHeader(DeadLetters.ORIGINAL_ROUTING_KEY)).isEqualTo("customers.deleted");
        assertThat(count("customers")).isZero();
    }

    /** What the UI's "Publish message" button sends; returns whether the broker routed the message to a queue. */
    private boolean publishFromTheUi(String routingKey, String payload) throws IOException, InterruptedException {
        TestServers.Broker broker = namespace.broker();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("properties", Map.of());
        body.put("routing_key", routingKey);
        body.put("payload", payload);
        body.put("payload_encoding", "string");
        String credentials = Base64.getEncoder().encodeToString((broker.user() + ":" + broker.password())
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(broker.managementUrl() + "/api/exchanges/%2F/"
                        + URLEncoder.encode(properties.exchange(), StandardCharsets.UTF_8) + "/publish"))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("could not reach RabbitMQ's management API at " + broker.managementUrl()
                    + "; enable it with: rabbitmq-plugins enable rabbitmq_management", e);
        }
        assertThat(response.statusCode()).as("POST %s: %s", request.uri(), response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("routed").asBoolean();
    }
}
