package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.ricascade.cleanup.CleanupApplication;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventCodec;
import dev.ricascade.events.EventHeaders;
import dev.ricascade.testing.TestNamespace;

/**
 * Several cleanup replicas, each a Spring application of its own, over one database and one sharded topology: one
 * row's events are applied in the order they were published, whichever replica owns the row's shard; every replica
 * gets shards; a replica that stops or dies hands its shards over and nothing is lost.
 */
class ShardedReplicasIntegrationTests {

    private static final int SHARDS = 6;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final TestNamespace namespace = TestNamespace.create();
    private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    private final EventCodec codec = new EventCodec();
    private JdbcClient jdbc;
    private CachingConnectionFactory connections;
    private RabbitTemplate rabbit;

    @BeforeEach
    void createTheSchema() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(namespace.jdbcUrl(),
                namespace.databaseServer().user(), namespace.databaseServer().password());
        jdbc = JdbcClient.create(dataSource);
        String script = new ClassPathResource("manifests/shop.sql").getContentAsString(StandardCharsets.UTF_8);
        Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(s -> jdbc.sql(s).update());
        connections = new CachingConnectionFactory(namespace.broker().host(), namespace.broker().port());
        connections.setUsername(namespace.broker().user());
        connections.setPassword(namespace.broker().password());
        rabbit = new RabbitTemplate(connections);
    }

    @AfterEach
    void stopEverything() {
        replicas.forEach(ConfigurableApplicationContext::close);
        connections.destroy();
        namespace.close();
    }

    @ParameterizedTest(name = "{0} replicas")
    @ValueSource(ints = {2, 3})
    void eachRowsKeyUpdatesAreAppliedInOrderWhileEveryReplicaTakesPart(int count) {
        long seed = Long.getLong("replicas.seed", System.nanoTime());
        System.out.println("ShardedReplicasIntegrationTests seed: " + seed + " (replay with -Dreplicas.seed=" + seed + ")");
        for (int i = 0; i < count; i++) {
            start();
        }
        awaitShardsSpreadOver(replicas);

        int customers = 24;
        int updates = 8;
        List<ChangeEvent> events = keyUpdateChains(customers, updates, new Random(seed));
        events.forEach(this::publishAsTheOutboxDoes);

        awaitAllFinished(events);
        assertThat(jdbc.sql("SELECT customer_email FROM subscriptions ORDER BY customer_email").query(String.class).list())
                .as("seed %d: every subscription followed its customer's e-mail through every change, in order", seed)
                .isEqualTo(jdbc.sql("SELECT email FROM customers ORDER BY email").query(String.class).list());
        for (ConfigurableApplicationContext replica : replicas) {
            assertThat(replica.getBean(MeterRegistry.class).counter("ricascade.events", "outcome", "done").count())
                    .as("seed %d: the work is spread, %s did its share", seed, member(replica)).isPositive();
        }
    }

    @Test
    void aReplicaThatStopsHandsItsShardsOverAndNothingIsLost() {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        awaitShardsSpreadOver(replicas);

        List<ChangeEvent> events = keyUpdateChains(30, 6, new Random(7));
        events.subList(0, events.size() / 2).forEach(this::publishAsTheOutboxDoes);
        second.close();
        replicas.remove(second);
        events.subList(events.size() / 2, events.size()).forEach(this::publishAsTheOutboxDoes);

        await("the survivor owning every shard").atMost(PATIENCE)
                .untilAsserted(() -> assertThat(owned(first)).hasSize(SHARDS));
        awaitAllFinished(events);
        assertThat(jdbc.sql("SELECT customer_email FROM subscriptions ORDER BY customer_email").query(String.class).list())
                .isEqualTo(jdbc.sql("SELECT email FROM customers ORDER BY email").query(String.class).list());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ri_cleanup_member").query(Long.class).single())
                .as("the stopped replica left the membership at once").isEqualTo(1);
    }

    /**
     * Hand-over after hand-over while a row's key updates keep arriving, at the default batch: every shard changes hands
     * with a backlog, batches in flight and messages prefetched behind them, once to a newcomer and once from a replica
     * that stops ({@link HandOverOrderIntegrationTests} makes the one race that had reordered them every time).
     */
    @Test
    void shardsHandedOverAgainAndAgainUnderAStreamOfKeyUpdatesKeepEachRowsOrder() {
        long seed = Long.getLong("replicas.seed", System.nanoTime());
        System.out.println("ShardedReplicasIntegrationTests seed: " + seed + " (replay with -Dreplicas.seed=" + seed + ")");
        List<ChangeEvent> events = keyUpdateChains(40, 25, new Random(seed));
        ConfigurableApplicationContext current = start();
        awaitShardsSpreadOver(replicas);
        int handOvers = 4;
        int slice = events.size() / (2 * handOvers);
        for (int handOver = 0; handOver < handOvers; handOver++) {
            // a backlog on every shard when the newcomer takes half of them, and again when the other one stops
            events.subList(2 * handOver * slice, (2 * handOver + 1) * slice).forEach(this::publishAsTheOutboxDoes);
            ConfigurableApplicationContext next = start();
            awaitShardsSpreadOver(replicas);
            events.subList((2 * handOver + 1) * slice, (2 * handOver + 2) * slice).forEach(this::publishAsTheOutboxDoes);
            current.close();
            replicas.remove(current);
            current = next;
        }

        awaitAllFinished(events);
        assertThat(jdbc.sql("SELECT customer_email FROM subscriptions ORDER BY customer_email").query(String.class).list())
                .as("seed %d: every subscription followed its customer's e-mail through every change, in order", seed)
                .isEqualTo(jdbc.sql("SELECT email FROM customers ORDER BY email").query(String.class).list());
    }

    @Test
    void theShardsOfAReplicaThatDiedAreTakenOverOnceItsHeartbeatExpires() {
        // a member that claimed shards and then died without a word: no consumer, no more heartbeats
        jdbc.sql("CREATE TABLE ri_cleanup_member (member_id VARCHAR(200) CHARACTER SET ascii COLLATE ascii_bin NOT NULL "
                + "PRIMARY KEY, heartbeat_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))").update();
        jdbc.sql("CREATE TABLE ri_cleanup_shard (shard INT NOT NULL PRIMARY KEY, member_id VARCHAR(200) CHARACTER SET ascii "
                + "COLLATE ascii_bin NOT NULL, claimed_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))").update();
        jdbc.sql("INSERT INTO ri_cleanup_member (member_id, heartbeat_at) VALUES ('0-dead', CURRENT_TIMESTAMP(3))").update();
        for (int shard = 0; shard < SHARDS; shard += 2) {
            jdbc.sql("INSERT INTO ri_cleanup_shard (shard, member_id) VALUES (?, '0-dead')").param(shard).update();
        }
        ConfigurableApplicationContext survivor = start();
        // its first consumers mean its queues and bindings are declared: published earlier, an event could be routed
        // to no queue and lost (it once was, and the test waited for 60 events of which none had arrived)
        await("the survivor consuming the free shards").atMost(PATIENCE)
                .untilAsserted(() -> assertThat(owned(survivor)).isNotEmpty());
        List<ChangeEvent> events = keyUpdateChains(20, 3, new Random(11));
        events.forEach(this::publishAsTheOutboxDoes);

        await("the survivor owning every shard").atMost(PATIENCE)
                .untilAsserted(() -> assertThat(owned(survivor)).hasSize(SHARDS));
        awaitAllFinished(events);
        assertThat(jdbc.sql("SELECT member_id FROM ri_cleanup_shard").query(String.class).list()).doesNotContain("0-dead");
    }

    @Test
    void aHandPublishedEventWithoutTheHeaderIsProcessed() {
        start();
        start();
        awaitShardsSpreadOver(replicas);
        jdbc.sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 2)").update();

        MessageProperties none = new MessageProperties();
        rabbit.send(namespace.exchange(), "customers.deleted",
                new Message("{\"entity\":\"customers\",\"action\":\"deleted\",\"id\":1}".getBytes(StandardCharsets.UTF_8), none));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(jdbc.sql("SELECT id FROM orders").query(Long.class).list())
                .containsExactly(3L));
    }

    private ConfigurableApplicationContext start() {
        Map<String, String> properties = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.datasource.url", namespace.jdbcUrl()),
                Map.entry("spring.datasource.username", namespace.databaseServer().user()),
                Map.entry("spring.datasource.password", namespace.databaseServer().password()),
                Map.entry("spring.rabbitmq.host", namespace.broker().host()),
                Map.entry("spring.rabbitmq.port", String.valueOf(namespace.broker().port())),
                Map.entry("spring.rabbitmq.username", namespace.broker().user()),
                Map.entry("spring.rabbitmq.password", namespace.broker().password()),
                Map.entry("ricascade.exchange", namespace.exchange()),
                Map.entry("ricascade.queue", namespace.queue()),
                Map.entry("ricascade.manifest", "classpath:manifests/shop.yml"),
                Map.entry("ricascade.shards", String.valueOf(SHARDS)),
                Map.entry("ricascade.membership.heartbeat-interval", "300ms"),
                Map.entry("ricascade.membership.expiry", "3s"),
                Map.entry("ricascade.sweep.cron", "-"));
        // as arguments, so that they win over application.yml as a deployment's settings would
        ConfigurableApplicationContext replica = new SpringApplicationBuilder(CleanupApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
        replicas.add(replica);
        return replica;
    }

    /** Waits until every shard is consumed, each by one replica, and every replica has some. */
    private void awaitShardsSpreadOver(List<ConfigurableApplicationContext> all) {
        await("the shards spread over " + all.size() + " replicas").atMost(PATIENCE).untilAsserted(() -> {
            SortedSet<Integer> union = new TreeSet<>();
            int total = 0;
            for (ConfigurableApplicationContext replica : all) {
                SortedSet<Integer> owned = owned(replica);
                assertThat(owned).as("%s owns shards", member(replica)).isNotEmpty();
                union.addAll(owned);
                total += owned.size();
            }
            assertThat(union).hasSize(SHARDS);
            assertThat(total).as("no shard consumed twice").isEqualTo(SHARDS);
        });
    }

    /**
     * Customers whose e-mail changed several times, each with a subscription still at the first address, and the
     * events of those changes in the order they happened (rows interleaved at random). Applied out of order, a
     * subscription is left at an address the customer no longer has.
     */
    private List<ChangeEvent> keyUpdateChains(int customers, int updates, Random random) {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<List<ChangeEvent>> chains = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            long id = random.nextInt(1_000_000) * 100L + c;
            String first = email(run, id, 0);
            jdbc.sql("INSERT INTO customers (id, email) VALUES (?, ?)").params(id, email(run, id, updates)).update();
            jdbc.sql("INSERT INTO subscriptions (customer_email, topic) VALUES (?, 'news')").param(first).update();
            List<ChangeEvent> chain = new ArrayList<>();
            for (int u = 0; u < updates; u++) {
                chain.add(ChangeEvent.updated(UUID.randomUUID().toString(), "customers",
                        Map.of("id", id, "email", email(run, id, u)), Map.of("email", email(run, id, u + 1)), Instant.now()));
            }
            chains.add(chain);
        }
        List<ChangeEvent> interleaved = new ArrayList<>();
        while (!chains.isEmpty()) {
            List<ChangeEvent> chain = chains.get(random.nextInt(chains.size()));
            interleaved.add(chain.remove(0));
            if (chain.isEmpty()) {
                chains.remove(chain);
            }
        }
        return interleaved;
    }

    private static String email(String run, long id, int version) {
        return "c" + id + "-" + run + "-v" + version + "@x.org";
    }

    /** As the api-service's outbox publishes: JSON, message id, and the row's identity in the order-key header. */
    private void publishAsTheOutboxDoes(ChangeEvent event) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(event.eventId());
        properties.setHeader(EventHeaders.ORDER_KEY, event.entity() + ":" + event.key().get("id"));
        rabbit.send(namespace.exchange(), event.routingKey(), new Message(codec.write(event), properties));
    }

    private void awaitAllFinished(List<ChangeEvent> events) {
        List<String> ids = events.stream().map(ChangeEvent::eventId).toList();
        await("all " + ids.size() + " events done").atMost(PATIENCE).untilAsserted(() -> assertThat(
                jdbc.sql("SELECT COUNT(*) FROM ri_cascade_status WHERE state = 'done' AND event_id IN (:ids)")
                        .param("ids", ids).query(Long.class).single()).isEqualTo(ids.size()));
    }

    private static SortedSet<Integer> owned(ConfigurableApplicationContext replica) {
        return replica.getBean(ShardConsumers.class).owned();
    }

    private static String member(ConfigurableApplicationContext replica) {
        return replica.getBean(ShardConsumers.class).memberId();
    }
}
