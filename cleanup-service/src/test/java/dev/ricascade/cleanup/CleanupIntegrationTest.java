package dev.ricascade.cleanup;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventCodec;
import dev.ricascade.testing.TestNamespace;
import dev.ricascade.testing.TestServersConfiguration;

/**
 * The cleanup service, running against the test servers in a database and queues of its own, with the
 * test manifest {@code manifests/shop.yml} and its schema recreated empty before each test.
 */
@SpringBootTest(properties = {"ricascade.manifest=classpath:manifests/shop.yml", "ricascade.batch-size=10",
        "ricascade.retry.initial-interval=50ms"})
@Import(TestServersConfiguration.class)
@DirtiesContext
public abstract class CleanupIntegrationTest {

    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected RabbitTemplate rabbit;

    @Autowired
    protected TestNamespace namespace;

    @Autowired
    protected CleanupProperties properties;

    @Autowired
    private SchemaCatalog catalog;

    private final EventCodec codec = new EventCodec();

    protected String schemaResource() {
        return "manifests/shop.sql";
    }

    @BeforeEach
    void recreateSchema() throws IOException {
        List<String> tables = jdbc.sql("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME NOT LIKE 'ri\\_%'").query(String.class).list();
        tables.forEach(t -> jdbc.sql("DROP TABLE `" + t + "`").update());
        String script = new ClassPathResource(schemaResource()).getContentAsString(StandardCharsets.UTF_8);
        Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(statement -> jdbc.sql(statement).update());
        catalog.refresh();
        rabbit.execute(channel -> channel.queuePurge(properties.deadLetterQueue()));
    }

    protected void sql(String statement, Object... params) {
        jdbc.sql(statement).params(params).update();
    }

    protected long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM `" + table + "`").query(Long.class).single();
    }

    protected long count(String table, String where, Object... params) {
        return jdbc.sql("SELECT COUNT(*) FROM `" + table + "` WHERE " + where).params(params).query(Long.class).single();
    }

    /** Each row of the query as its values joined by {@code |}, for compact assertions. */
    protected List<String> rows(String query, Object... params) {
        return jdbc.sql(query).params(params).query((rs, i) -> {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.append(c > 1 ? "|" : "").append(rs.getObject(c));
            }
            return row.toString();
        }).list();
    }

    /**
     * Customers 1 ({@code a@x.org}) and 2 ({@code b@x.org}), items 1 to 3, and {@code orders} orders of customer 1
     * (ids 1 to {@code orders}), each with lines of items 1 to {@code linesEach}.
     */
    protected void customerWithOrders(int orders, int linesEach) {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org'), (2, 'b@x.org')");
        sql("INSERT INTO items (id, name) VALUES (1, 'apple'), (2, 'pear'), (3, 'plum')");
        for (int order = 1; order <= orders; order++) {
            sql("INSERT INTO orders (id, customer_id) VALUES (?, 1)", order);
            for (int line = 1; line <= linesEach; line++) {
                sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, ?, 1)", order, line);
            }
        }
    }

    /** Publishes an event as the api-service would: JSON, message id, routing key {@code <entity>.<action>}. */
    protected String publish(ChangeEvent event) {
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setMessageId(event.eventId());
        rabbit.send(properties.exchange(), event.routingKey(), new Message(codec.write(event), props));
        return event.eventId();
    }

    /**
     * Publishes as the api-service's outbox and the capture do: with the row's identity ({@code <entity>:<primary key>})
     * as the ordering header, so that the events of different rows spread over the shards; several events of one row
     * go on one channel, so that the broker keeps their order as the outbox (one event per row until confirmed) does.
     *
     * @return the id of the last event
     */
    protected String publishKeyed(Object primaryKey, ChangeEvent... events) {
        rabbit.invoke(channel -> {
            for (ChangeEvent event : events) {
                sendKeyed(channel, primaryKey, event);
            }
            return null;
        });
        return events[events.length - 1].eventId();
    }

    /** Publishes one event of each row as {@link #publishKeyed} does, all on one channel, as an outbox relay's batch goes. */
    protected void publishAllKeyed(java.util.LinkedHashMap<?, ChangeEvent> eventByPrimaryKey) {
        publishAll(keyedMessages(eventByPrimaryKey));
    }

    /** A message ready to send and its routing key, {@code <entity>.<action>}. */
    protected record Outgoing(String routingKey, Message message) {
    }

    /** The messages {@link #publishAllKeyed} sends, built ahead (as the outbox has its events' JSON before it relays). */
    protected java.util.List<Outgoing> keyedMessages(java.util.LinkedHashMap<?, ChangeEvent> eventByPrimaryKey) {
        java.util.List<Outgoing> messages = new java.util.ArrayList<>();
        eventByPrimaryKey.forEach((primaryKey, event) -> messages.add(new Outgoing(event.routingKey(), keyed(primaryKey, event))));
        return messages;
    }

    /** Sends built messages in their order on one channel. */
    protected void publishAll(java.util.List<Outgoing> messages) {
        rabbit.invoke(channel -> {
            messages.forEach(outgoing -> channel.send(properties.exchange(), outgoing.routingKey(), outgoing.message()));
            return null;
        });
    }

    private Message keyed(Object primaryKey, ChangeEvent event) {
        MessageProperties props = new MessageProperties();
        props.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        props.setMessageId(event.eventId());
        props.setHeader(dev.ricascade.events.EventHeaders.ORDER_KEY, event.entity() + ":" + primaryKey);
        return new Message(codec.write(event), props);
    }

    private void sendKeyed(org.springframework.amqp.rabbit.core.RabbitOperations channel, Object primaryKey, ChangeEvent event) {
        channel.send(properties.exchange(), event.routingKey(), keyed(primaryKey, event));
    }

    /** Publishes a body as a person would from the management UI: no content type, no message id. */
    protected void publishRaw(String routingKey, String body) {
        rabbit.send(properties.exchange(), routingKey, new Message(body.getBytes(StandardCharsets.UTF_8), new MessageProperties()));
    }

    protected static ChangeEvent deleted(String entity, Map<String, Object> key) {
        return ChangeEvent.deleted(java.util.UUID.randomUUID().toString(), entity, key, java.time.Instant.now());
    }

    protected static ChangeEvent updated(String entity, Map<String, Object> key, Map<String, Object> changes) {
        return ChangeEvent.updated(java.util.UUID.randomUUID().toString(), entity, key, changes, java.time.Instant.now());
    }

    /** Waits until the cleanup service has recorded the event's cascade as finished, and returns its state. */
    protected String awaitFinished(String eventId) {
        return await().atMost(PATIENCE).until(() -> jdbc.sql(
                        "SELECT state FROM ri_cascade_status WHERE event_id = ? AND state <> 'running'")
                .param(eventId).query(String.class).optional().orElse(null), state -> state != null);
    }

    protected void awaitDone(String eventId) {
        String state = awaitFinished(eventId);
        if (!"done".equals(state)) {
            throw new AssertionError("event " + eventId + " ended " + state + ": " + jdbc.sql(
                    "SELECT detail FROM ri_cascade_status WHERE event_id = ?").param(eventId).query(String.class).single());
        }
    }

    /** The next message in the dead-letter queue, waiting for it to arrive. */
    protected Message awaitDeadLetter() {
        return await().atMost(PATIENCE).until(() -> rabbit.receive(properties.deadLetterQueue()), m -> m != null);
    }

    protected long rowsRecorded(String eventId, String relationship, String column) {
        return jdbc.sql("SELECT COALESCE(SUM(`" + column + "`), 0) FROM ri_cascade_rows WHERE event_id = ? AND relationship = ?")
                .params(eventId, relationship).query(Long.class).single();
    }
}
