package dev.ricascade.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ricascade.api.ApiClient;
import dev.ricascade.api.ApiClient.Response;
import dev.ricascade.api.ApiIntegrationTest;
import dev.ricascade.api.TcpProxy;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventCodec;
import dev.ricascade.events.EventHeaders;
import dev.ricascade.testing.TestNamespace;

/**
 * The outbox against a real broker that the API reaches through a proxy the test can cut: writes go on
 * while the broker is unreachable and every event goes out once it is back. Events are observed on a
 * queue of the test's own bound to the exchange.
 */
@ApiIntegrationTest
@Import(OutboxIntegrationTests.BrokerThroughProxy.class)
class OutboxIntegrationTests {

    @TestConfiguration(proxyBeanMethods = false)
    static class BrokerThroughProxy {

        @Bean(destroyMethod = "close")
        TcpProxy brokerProxy(TestNamespace namespace) {
            return TcpProxy.start(namespace.broker().host(), namespace.broker().port());
        }

        @Bean
        DynamicPropertyRegistrar connectThroughProxy(TcpProxy brokerProxy) {
            // addresses win over spring.rabbitmq.host/port, which the shared test configuration sets
            return registry -> registry.add("spring.rabbitmq.addresses", () -> "127.0.0.1:" + brokerProxy.port());
        }
    }

    private static final String PENDING = "SELECT COUNT(*) FROM ri_outbox WHERE sent_at IS NULL";

    @LocalServerPort
    int port;

    @Autowired
    TcpProxy brokerProxy;

    @Autowired
    TestNamespace namespace;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Outbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxCleaner cleaner;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @Autowired
    MeterRegistry meters;

    ApiClient api;
    Connection observer;
    /** Collected as they arrive, judged by the test: an assertion failing in the consumer would only show as a timeout. */
    ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    record Delivery(String routingKey, AMQP.BasicProperties properties, byte[] body) {

        private static final EventCodec CODEC = new EventCodec();

        ChangeEvent event() {
            return CODEC.read(body, routingKey);
        }
    }

    @BeforeEach
    void observeTheExchange() throws IOException, TimeoutException {
        api = new ApiClient(port);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(namespace.broker().host());
        factory.setPort(namespace.broker().port());
        factory.setUsername(namespace.broker().user());
        factory.setPassword(namespace.broker().password());
        observer = factory.newConnection("outbox-test-observer");
        Channel channel = observer.createChannel();
        channel.exchangeDeclare(namespace.exchange(), "topic", true, false, null);
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, namespace.exchange(), "#");
        channel.basicConsume(queue, true, new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                deliveries.add(new Delivery(envelope.getRoutingKey(), properties, body));
            }
        });
    }

    @AfterEach
    void stopObserving() throws IOException {
        observer.close();
        brokerProxy.start();
    }

    @Test
    void writesGoOnWhileTheBrokerIsUnreachableAndEveryEventGoesOutOnceItIsBack() {
        String before = deleteNewItem("before the outage");
        await("the event published while the broker is up").atMost(Duration.ofSeconds(15))
                .until(() -> receivedIds().contains(before));

        brokerProxy.stop();
        List<String> duringOutage = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            duringOutage.add(deleteNewItem("during the outage " + i));
        }

        CircuitBreaker breaker = circuitBreakers.circuitBreaker(EventPublisher.RESILIENCE_NAME);
        await("the circuit breaker opening").atMost(Duration.ofSeconds(20))
                .until(() -> breaker.getState() != CircuitBreaker.State.CLOSED);
        assertThat(jdbc.sql(PENDING).query(Long.class).single()).isEqualTo(5);
        assertThat(meters.get("ricascade.outbox.backlog").gauge().value()).isEqualTo(5);
        assertThat(meters.get("ricascade.outbox.oldest.pending.age").gauge().value()).isPositive();
        assertThat(receivedIds()).doesNotContainAnyElementsOf(duringOutage);

        brokerProxy.start();

        await("every event written during the outage published").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(receivedIds()).containsAll(duringOutage));
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(PENDING).query(Long.class).single() == 0);
        assertThat(meters.get("ricascade.outbox.backlog").gauge().value()).isZero();
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertEachDeliveryIsPersistentJsonWithItsEventIdAsMessageId();
    }

    @Test
    void relaysSharingTheOutboxPublishEachEventOnceAndEachRowsEventsInOrder() throws Exception {
        int rows = 30;
        int eventsPerRow = 8;
        String run = UUID.randomUUID().toString().substring(0, 8);
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> relays = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                relays.add(replicas.submit(() -> {
                    long quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    while (System.nanoTime() < quietUntil) {
                        if (relay.relayBatch() == OutboxRelay.Outcome.MORE) {
                            quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                        }
                    }
                }));
            }
            for (int sequence = 0; sequence < eventsPerRow; sequence++) {
                for (int row = 0; row < rows; row++) {
                    ChangeEvent event = ChangeEvent.updated(UUID.randomUUID().toString(), "things",
                            Map.of("id", row, "run", run), Map.of("sequence", sequence), Instant.now());
                    transaction.executeWithoutResult(status -> outbox.append(event, "things:" + run + ":" + event.key().get("id")));
                }
            }
            for (Future<?> replica : relays) {
                replica.get();
            }
        } finally {
            replicas.shutdownNow();
        }

        await("every event published").atMost(Duration.ofSeconds(30))
                .until(() -> received().stream().filter(e -> run.equals(e.key().get("run"))).count() >= rows * eventsPerRow);
        List<ChangeEvent> ours = received().stream().filter(e -> run.equals(e.key().get("run"))).toList();
        assertThat(ours).extracting(ChangeEvent::eventId).doesNotHaveDuplicates().hasSize(rows * eventsPerRow);
        Map<Object, List<Object>> sequences = new LinkedHashMap<>();
        ours.forEach(e -> sequences.computeIfAbsent(e.key().get("id"), id -> new ArrayList<>()).add(e.changes().get("sequence")));
        assertThat(sequences).hasSize(rows).allSatisfy((row, sequence) -> assertThat(sequence)
                .as("the events of row %s in the order received", row).isSorted().hasSize(eventsPerRow));
        assertEachDeliveryIsPersistentJsonWithItsEventIdAsMessageId();
        assertThat(ours).allSatisfy(e -> assertThat(orderKey(e))
                .as("the broker hashes on the row's identity, the outbox's aggregate key")
                .isEqualTo("things:" + run + ":" + e.key().get("id")));
    }

    @Test
    void eventsLeftPendingByAnEarlierRunGoOut() {
        String leftOver = UUID.randomUUID().toString();
        insertEvent(leftOver, "NULL"); // as a process that committed it and died before publishing would have left it

        await("the left-over event published").atMost(Duration.ofSeconds(15)).until(() -> receivedIds().contains(leftOver));
        assertThat(jdbc.sql("SELECT sent_at IS NOT NULL FROM ri_outbox WHERE event_id = ?").param(leftOver)
                .query(Boolean.class).single()).isTrue();
        assertEachDeliveryIsPersistentJsonWithItsEventIdAsMessageId();
    }

    @Test
    void sentEventsAreDeletedAfterTheRetentionPeriodPendingOnesNever() {
        String old = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        String pending = UUID.randomUUID().toString();
        insertEvent(old, "CURRENT_TIMESTAMP(3) - INTERVAL 8 DAY");
        insertEvent(recent, "CURRENT_TIMESTAMP(3) - INTERVAL 1 HOUR");
        brokerProxy.stop(); // keeps the pending one pending
        insertEvent(pending, "NULL");

        long deleted = cleaner.deleteSentBefore(Instant.now().minus(Duration.ofDays(7)));

        assertThat(deleted).isEqualTo(1);
        assertThat(jdbc.sql("SELECT event_id FROM ri_outbox WHERE event_id IN (?, ?, ?)").params(old, recent, pending)
                .query(String.class).list()).containsExactlyInAnyOrder(recent, pending);
    }

    private void insertEvent(String eventId, String sentAt) {
        jdbc.sql("""
                INSERT INTO ri_outbox (event_id, aggregate_key, routing_key, payload, sent_at)
                VALUES (?, ?, 'things.deleted', ?, %s)""".formatted(sentAt))
                .params(eventId, "things:" + eventId, "{\"eventId\":\"" + eventId + "\",\"entity\":\"things\","
                        + "\"action\":\"deleted\",\"key\":{\"id\":1}}")
                .update();
    }

    private String deleteNewItem(String name) {
        Response item = api.post("/api/items", """
                {"name": "%s %s", "price": 1}""".formatted(name, UUID.randomUUID()));
        assertThat(item.status()).as(item.toString()).isEqualTo(201);
        Response deleted = api.delete("/api/items/" + item.number("id"));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
        return deleted.text("eventId");
    }

    /** Decoded here, in the test's thread: an event that does not decode fails the test with its reason. */
    private List<ChangeEvent> received() {
        return deliveries.stream().map(Delivery::event).toList();
    }

    private List<String> receivedIds() {
        return received().stream().map(ChangeEvent::eventId).toList();
    }

    private void assertEachDeliveryIsPersistentJsonWithItsEventIdAsMessageId() {
        assertThat(deliveries).isNotEmpty().allSatisfy(delivery -> {
            assertThat(delivery.properties().getMessageId()).isEqualTo(delivery.event().eventId());
            assertThat(delivery.properties().getContentType()).isEqualTo("application/json");
            assertThat(delivery.properties().getDeliveryMode()).as("persistent").isEqualTo(2);
        });
    }

    /** The ordering header the delivery of this event carried, or "(none)". */
    private String orderKey(ChangeEvent event) {
        return deliveries.stream().filter(d -> d.event().eventId().equals(event.eventId())).findFirst()
                .map(d -> d.properties().getHeaders() == null ? null : d.properties().getHeaders().get(EventHeaders.ORDER_KEY))
                .map(Object::toString).orElse("(none)");
    }
}
