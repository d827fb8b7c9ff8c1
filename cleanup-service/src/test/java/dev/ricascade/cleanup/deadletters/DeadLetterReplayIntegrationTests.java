package dev.ricascade.cleanup.deadletters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.ricascade.cleanup.CleanupIntegrationTest;

/** Dead letters replayed after a fix, against the real broker and database. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {"ricascade.manifest=classpath:manifests/shop.yml",
        "ricascade.batch-size=10", "ricascade.retry.initial-interval=50ms"})
class DeadLetterReplayIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private DeadLetterReplay replay;

    @Autowired
    private RabbitAdmin admin;

    @LocalServerPort
    private int port;

    @Test
    void aReplayAfterTheSchemaIsFixedFinishesTheCascadeAndWhatStillFailsReturnsWithItsNewReason() throws Exception {
        String longA = "a".repeat(120) + "@x.org";
        String longB = "b".repeat(120) + "@x.org";
        String fixed = publish(deleted("customers", Map.of("id", 1, "email", longA)));
        String stillFailing = publish(deleted("customers", Map.of("id", 2, "email", longB)));
        await().atMost(PATIENCE).until(replay::waiting, n -> n == 2); // both too long for customers.email, VARCHAR(100)
        // the fix: the email columns widened; and customer 2, it turns out, was never deleted
        sql("ALTER TABLE customers MODIFY email VARCHAR(200) NOT NULL");
        sql("ALTER TABLE subscriptions MODIFY customer_email VARCHAR(200) NOT NULL");
        sql("ALTER TABLE deliveries MODIFY customer_email VARCHAR(200) NOT NULL");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES (?, 'news'), ('c@x.org', 'news')", longA);
        sql("INSERT INTO customers (id, email) VALUES (2, ?)", longB);
        double replayedBefore = replayed();

        HttpResponse<String> response = post("/actuator/deadletters", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"replayed\":2", "\"kept\":[]");
        assertThat(replayed() - replayedBefore).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> state(fixed), "done"::equals);
        assertThat(rows("SELECT customer_email FROM subscriptions")).containsExactly("c@x.org");

        Message back = awaitDeadLetter();
        assertThat(back.getMessageProperties().getMessageId()).isEqualTo(stillFailing);
        assertThat(header(back, "x-ricascade-reason")).contains("still exists");
        assertThat(header(back, "x-ricascade-field")).as("the first failure's field is gone with its reason").isNull();
        assertThat(header(back, "x-original-routing-key")).isEqualTo("customers.deleted");
        assertThat(state(stillFailing)).isEqualTo("failed");
        assertThat(get("/actuator/deadletters")).isEqualTo("{\"queue\":\"" + properties.deadLetterQueue() + "\",\"waiting\":0}");
    }

    @Test
    void aReplayRestoresTheRoutingKeyKeepsOrderKeyAndMessageIdAndDropsOnlyTheFailureHeaders() throws Exception {
        String copies = rabbit.execute(channel -> {
            String queue = channel.queueDeclare().getQueue(); // exclusive, gone with the connection
            channel.queueBind(queue, properties.exchange(), "#");
            return queue;
        });
        deadLetter("ours", Map.of("x-ricascade-reason", "unknown column", "x-ricascade-field", "key.code",
                "x-ricascade-exception", "InvalidEventException", "x-ricascade-failed-at", "2026-01-01T00:00:00Z",
                "x-original-exchange", properties.exchange(), "x-original-routing-key", "customers.deleted",
                "x-ricascade-order-key", "customers:99", "x-app", "kept"), 99);
        deadLetter("brokers", Map.of("x-death", List.of(Map.of("reason", "delivery_limit", "queue", properties.queue(),
                "count", 1L, "exchange", properties.exchange(), "routing-keys", List.of("customers.deleted"))),
                "x-first-death-reason", "delivery_limit", "x-first-death-queue", properties.queue(),
                "x-first-death-exchange", properties.exchange()), 98);
        deadLetter("nowhere", Map.of("x-ricascade-reason", "published by hand"), 97);
        await().atMost(PATIENCE).until(replay::waiting, n -> n == 3);
        double replayedBefore = replayed();

        HttpResponse<String> first = post("/actuator/deadletters", "{\"max\": 1}");
        HttpResponse<String> rest = post("/actuator/deadletters", "{\"max\": 10}");

        assertThat(first.body()).contains("\"replayed\":1");
        assertThat(rest.body()).contains("\"replayed\":1", "\"kept\":[\"message 'nowhere': no x-original-routing-key header "
                + "and no x-death entry saying where it came from\"]", "\"waiting\":1");
        assertThat(replayed() - replayedBefore).isEqualTo(2);
        Message ours = await().atMost(PATIENCE).until(() -> rabbit.receive(copies), m -> m != null);
        Message brokers = await().atMost(PATIENCE).until(() -> rabbit.receive(copies), m -> m != null);
        assertThat(List.of(ours, brokers)).extracting(m -> m.getMessageProperties().getMessageId())
                .containsExactly("ours", "brokers");
        assertThat(List.of(ours, brokers)).extracting(m -> m.getMessageProperties().getReceivedRoutingKey())
                .containsOnly("customers.deleted");
        assertThat(ours.getMessageProperties().getHeaders()).containsOnlyKeys("x-ricascade-order-key", "x-app")
                .containsEntry("x-ricascade-order-key", "customers:99");
        assertThat(brokers.getMessageProperties().getHeaders()).isEmpty();
        assertThat(new String(ours.getBody(), StandardCharsets.UTF_8)).isEqualTo(body(99));
        assertThat(replay.waiting()).isEqualTo(1);
    }

    @Test
    void aRepublishTheBrokerCannotTakeLeavesTheDeadLetterWhereItWas() {
        deadLetter("kept-safe", Map.of("x-original-routing-key", "customers.deleted"), 96);
        await().atMost(PATIENCE).until(replay::waiting, n -> n == 1);
        rabbit.execute(channel -> channel.exchangeDelete(properties.exchange()));
        try {
            assertThatThrownBy(() -> replay.replay(10)).isInstanceOf(AmqpException.class)
                    .hasMessageContaining("what was not confirmed is still on the queue");
            await().atMost(PATIENCE).until(replay::waiting, n -> n == 1);
        } finally {
            admin.initialize(); // the exchange and its bindings again
        }

        assertThat(replay.replay(10).replayed()).isEqualTo(1);
        assertThat(replay.waiting()).isZero();
    }

    private void deadLetter(String messageId, Map<String, Object> headers, int customer) {
        MessageProperties props = new MessageProperties();
        props.setMessageId(messageId);
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        headers.forEach(props::setHeader);
        rabbit.send(properties.deadLetterExchange(), properties.deadLetterQueue(),
                new Message(body(customer).getBytes(StandardCharsets.UTF_8), props));
    }

    private static String body(int customer) {
        return "{\"entity\":\"customers\",\"action\":\"deleted\",\"key\":{\"id\":" + customer + "}}";
    }

    private double replayed() {
        return meters.get("ricascade.replayed").counter().count();
    }

    private String state(String eventId) {
        return jdbc.sql("SELECT state FROM ri_cascade_status WHERE event_id = ?").param(eventId).query(String.class)
                .optional().orElse(null);
    }

    private static String header(Message message, String name) {
        Object value = message.getMessageProperties().getHeaders().get(name);
        return value == null ? null : value.toString();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
