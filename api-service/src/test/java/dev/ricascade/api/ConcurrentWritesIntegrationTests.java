package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.ricascade.api.ApiClient.Response;

/**
 * Many threads add order lines, open orders and subscribe, aiming at the customers being deleted while
 * their cascades run; once the cleanup service has caught up there is no orphan anywhere. Without the
 * live-parent check (lines added to an order whose customer is gone, between the cascade deleting the
 * order's lines and the order) this test finds orphaned lines. Replay with {@code -Dconcurrency.seed=<seed>}.
 */
class ConcurrentWritesIntegrationTests extends EndToEndIntegration {

    private static final int CUSTOMERS = 6;
    private static final int ORDERS_PER_CUSTOMER = 250;
    private static final int WRITERS = 6;
    private static final List<String> ITEMS = List.of("hammer", "nail", "saw");

    private static final String ORPHANED_ORDERS = """
            SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)""";
    private static final String ORPHANED_LINES = """
            SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = l.order_id)""";
    private static final String ORPHANED_SUBSCRIPTIONS = """
            SELECT COUNT(*) FROM newsletter_subscriptions s
            WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = s.customer_email)""";

    @Test
    void childrenWrittenWhileTheirParentsAreDeletedLeaveNoOrphans() throws Exception {
        long seed = Long.getLong("concurrency.seed", System.nanoTime());
        System.out.println("ConcurrentWritesIntegrationTests seed: " + seed + " (replay with -Dconcurrency.seed=" + seed + ")");
        List<List<Long>> ordersByCustomer = customersWithOrders();
        List<Long> customers = jdbc.sql("SELECT id FROM customers ORDER BY id").query(Long.class).list();

        AtomicInteger victim = new AtomicInteger();
        AtomicBoolean deleting = new AtomicBoolean(true);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                Random random = new Random(seed + w);
                writers.add(pool.submit(() -> {
                    while (deleting.get()) {
                        int customer = random.nextInt(4) == 0 ? random.nextInt(CUSTOMERS) : Math.min(victim.get(), CUSTOMERS - 1);
                        Response response = write(random, customer, customers, ordersByCustomer);
                        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                        assertThat(response.status()).as(response.toString()).isIn(200, 201, 404, 409, 422);
                    }
                }));
            }
            for (int customer = 0; customer < CUSTOMERS; customer++) {
                victim.set(customer);
                Response deleted = api.delete("/api/customers/" + customers.get(customer));
                assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
                String status = deleted.location().getPath();
                await("cascade of customer " + customer).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> api.get(status).text("state").equals("done"));
            }
        } finally {
            deleting.set(false);
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdownNow();
        }
        System.out.println("ConcurrentWritesIntegrationTests statuses: " + statuses);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM customers").query(Long.class).single()).isZero();
        assertThat(jdbc.sql(ORPHANED_ORDERS).query(Long.class).single()).as("orders without a customer").isZero();
        assertThat(jdbc.sql(ORPHANED_LINES).query(Long.class).single()).as("order lines without an order").isZero();
        assertThat(jdbc.sql(ORPHANED_SUBSCRIPTIONS).query(Long.class).single()).as("subscriptions without a customer").isZero();
        assertThat(statuses).as("writes succeeded and writes were refused while deletes ran").containsKeys(200, 201, 422);
    }

    private Response write(Random random, int customer, List<Long> customers, List<List<Long>> ordersByCustomer) {
        List<Long> orders = ordersByCustomer.get(customer);
        return switch (random.nextInt(6)) {
            case 0 -> api.post("/api/orders", """
                    {"customerId": %d}""".formatted(customers.get(customer)));
            case 1 -> api.post("/api/newsletter-subscriptions", """
                    {"email": "c%d@example.com", "topic": "topic %d"}""".formatted(customer, random.nextInt(1000)));
            default -> api.post("/api/orders/" + orders.get(random.nextInt(orders.size())) + "/lines", """
                    {"item": "%s", "quantity": 1}""".formatted(ITEMS.get(random.nextInt(ITEMS.size()))));
        };
    }

    /** The fixture, written directly: customers with many orders of one line each, so that cascades take a while. */
    private List<List<Long>> customersWithOrders() {
        ITEMS.forEach(item -> jdbc.sql("INSERT INTO items (name, price) VALUES (?, 1.50)").param(item).update());
        long firstItem = jdbc.sql("SELECT MIN(id) FROM items").query(Long.class).single();
        List<List<Long>> ordersByCustomer = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            jdbc.sql("INSERT INTO customers (name, email) VALUES (?, ?)").params("customer " + c, "c" + c + "@example.com").update();
            long customer = jdbc.sql("SELECT id FROM customers WHERE name = ?").param("customer " + c).query(Long.class).single();
            jdbc.sql("INSERT INTO orders (customer_id) VALUES "
                    + IntStream.range(0, ORDERS_PER_CUSTOMER).mapToObj(i -> "(" + customer + ")").collect(Collectors.joining(", ")))
                    .update();
            List<Long> orders = jdbc.sql("SELECT id FROM orders WHERE customer_id = ? ORDER BY id").param(customer)
                    .query(Long.class).list();
            jdbc.sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES "
                    + orders.stream().map(o -> "(" + o + ", " + firstItem + ", 1)").collect(Collectors.joining(", ")))
                    .update();
            ordersByCustomer.add(orders);
        }
        return ordersByCustomer;
    }
}
