package dev.ricascade.api;

import static dev.ricascade.api.Responses.created;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.ApiClient.Response;

/**
 * Many threads insert children (orders, order lines, subscriptions) while others delete their customers;
 * once the cleanup service has caught up there is no orphan anywhere. Replay a failure with
 * {@code -Dconcurrency.seed=<the seed printed>}.
 */
@ApiIntegrationTest
@Import(CleanupServiceConfiguration.class)
class ConcurrentWritesIntegrationTests {

    private static final int CUSTOMERS = 24;
    private static final int OPERATIONS = 360;
    private static final int THREADS = 8;

    private static final String ORPHANED_ORDERS = """
            SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)""";
    private static final String ORPHANED_LINES = """
            SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = l.order_id)""";
    private static final String ORPHANED_SUBSCRIPTIONS = """
            SELECT COUNT(*) FROM newsletter_subscriptions s
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = s.customer_email)""";

    @LocalServerPort
    int port;

    @Autowired
    CleanupServiceProcess cleanupService;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
        cleanupService.awaitReady();
    }

    @Test
    void childrenInsertedWhileTheirParentsAreDeletedLeaveNoOrphans() throws Exception {
        long seed = Long.getLong("concurrency.seed", System.nanoTime());
        System.out.println("ConcurrentWritesIntegrationTests seed: " + seed + " (replay with -Dconcurrency.seed=" + seed + ")");
        Random random = new Random(seed);

        for (String item : List.of("hammer", "nail", "saw")) {
            created(api.post("/api/items", """
                    {"name": "%s", "price": 1.5}""".formatted(item)));
        }
        List<Long> customers = new ArrayList<>();
        List<Long> orders = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            long id = created(api.post("/api/customers", """
                    {"name": "customer %d", "email": "c%d@example.com"}""".formatted(i, i))).number("id");
            customers.add(id);
            orders.add(created(api.post("/api/orders", """
                    {"customerId": %d}""".formatted(id))).number("number"));
        }

        List<Runnable> operations = new ArrayList<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Response> cascades = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < OPERATIONS - CUSTOMERS; i++) {
            int customer = random.nextInt(CUSTOMERS);
            int order = random.nextInt(CUSTOMERS);
            String item = List.of("hammer", "nail", "saw").get(random.nextInt(3));
            int quantity = 1 + random.nextInt(5);
            int topic = random.nextInt(4);
            int kind = random.nextInt(3);
            operations.add(() -> {
                Response response = switch (kind) {
                    case 0 -> api.post("/api/orders/" + orders.get(order) + "/lines", """
                            {"item": "%s", "quantity": %d}""".formatted(item, quantity));
                    case 1 -> api.post("/api/orders", """
                            {"customerId": %d}""".formatted(customers.get(customer)));
                    default -> api.post("/api/newsletter-subscriptions", """
                            {"email": "c%d@example.com", "topic": "topic %d"}""".formatted(customer, topic));
                };
                statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                assertThat(response.status()).as(response.toString()).isIn(200, 201, 404, 409, 422);
            });
        }
        for (long customer : customers) {
            operations.add(() -> {
                Response response = api.delete("/api/customers/" + customer);
                assertThat(response.status()).as(response.toString()).isEqualTo(202);
                cascades.add(response);
            });
        }
        Collections.shuffle(operations, random);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            operations.forEach(operation -> done.add(pool.submit(operation)));
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("ConcurrentWritesIntegrationTests statuses: " + statuses);

        await("the cleanup service caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(cascades).allSatisfy(accepted ->
                        assertThat(api.get(accepted.location().getPath()).text("state")).isEqualTo("done")));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customers").query(Long.class).single()).isZero();
        assertThat(jdbc.sql(ORPHANED_ORDERS).query(Long.class).single()).as("orders without a customer").isZero();
        assertThat(jdbc.sql(ORPHANED_LINES).query(Long.class).single()).as("order lines without an order").isZero();
        assertThat(jdbc.sql(ORPHANED_SUBSCRIPTIONS).query(Long.class).single()).as("subscriptions without a customer").isZero();
        assertThat(statuses.keySet()).as("some inserts succeeded while deletes ran").contains(200, 201);
    }
}
