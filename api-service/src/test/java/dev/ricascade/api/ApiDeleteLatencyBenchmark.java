package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.ricascade.api.ApiClient.Response;

/**
 * The API's DELETE under load, at the default settings: {@value #CLIENTS} clients delete {@value #SMALL} customers
 * owning one order of one line each, as fast as they get answers, while one more client deletes {@value #LARGE}
 * customers owning {@value #LARGE_ORDERS} orders of {@value #LINES} lines each (210,001 rows). The DELETE only deletes
 * the row and appends its event; the subtree is the cleanup service's (running beside it) to cascade. Prints p50 and
 * p99 of both, and how long after the load stopped the outbox relay had published everything, also in
 * {@code target/ApiDeleteLatencyBenchmark.txt}. Asserts only that every delete was accepted.
 */
class ApiDeleteLatencyBenchmark extends EndToEndIntegration {

    static final int CLIENTS = 50;
    static final int SMALL = 2_000;
    static final int LARGE = 3;
    static final int LARGE_ORDERS = 10_000;
    static final int LINES = 20;

    @Test
    void deleteLatencyForSmallAndLargeSubtrees() throws Exception {
        load();
        List<Long> customers = jdbc.sql("SELECT id FROM customers WHERE name LIKE 'small %' ORDER BY id").query(Long.class).list();
        List<Long> large = jdbc.sql("SELECT id FROM customers WHERE name LIKE 'large %' ORDER BY id").query(Long.class).list();
        List<Long> smallNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> largeNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        long started = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < customers.size(); i = next.getAndIncrement()) {
                    smallNanos.add(timedDelete(customers.get(i)));
                }
            }));
        }
        running.add(clients.submit(() -> {
            for (long customer : large) {
                largeNanos.add(timedDelete(customer));
            }
        }));
        for (Future<?> client : running) {
            client.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long loadStopped = System.nanoTime();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM ri_outbox WHERE sent_at IS NULL").query(Long.class).single() == 0);
        double drainedMillis = (System.nanoTime() - loadStopped) / 1e6;
        clients.shutdown();

        String report = String.format("""
                ApiDeleteLatencyBenchmark: %d clients, %d small deletes (1 order of 1 line) in %.1f s (%.0f/s); %d large \
                deletes (%d orders of %d lines) alongside; default settings
                  small: p50 %.1f ms, p99 %.1f ms, max %.1f ms
                  large: %s ms
                  outbox backlog back to zero %.0f ms after the load stopped
                """, CLIENTS, SMALL, seconds, SMALL / seconds, LARGE, LARGE_ORDERS, LINES, percentile(smallNanos, 50),
                percentile(smallNanos, 99), percentile(smallNanos, 100),
                largeNanos.stream().map(n -> String.format("%.1f", n / 1e6)).collect(Collectors.joining(", ")), drainedMillis);
        Files.writeString(Path.of("target", "ApiDeleteLatencyBenchmark.txt"), report, StandardCharsets.UTF_8);
        System.out.println("\n" + report);
        assertThat(smallNanos).hasSize(SMALL);
        assertThat(largeNanos).hasSize(LARGE);
    }

    private long timedDelete(long customer) {
        long start = System.nanoTime();
        Response response = api.delete("/api/customers/" + customer);
        long nanos = System.nanoTime() - start;
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return nanos;
    }

    private void load() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS bench_numbers (n INT NOT NULL PRIMARY KEY)").update();
        jdbc.sql("INSERT IGNORE INTO bench_numbers (n) VALUES " + IntStream.range(0, LARGE_ORDERS)
                .mapToObj(n -> "(" + n + ")").collect(Collectors.joining(", "))).update();
        jdbc.sql("INSERT INTO items (name, price) SELECT CONCAT('bench item ', n), 1.00 FROM bench_numbers WHERE n < ?")
                .param(LINES).update();
        jdbc.sql("""
                INSERT INTO customers (name, email) SELECT CONCAT('small ', n), CONCAT('small', n, '@example.org')
                FROM bench_numbers WHERE n < ?""").param(SMALL).update();
        jdbc.sql("""
                INSERT INTO customers (name, email) SELECT CONCAT('large ', n), CONCAT('large', n, '@example.org')
                FROM bench_numbers WHERE n < ?""").param(LARGE).update();
        jdbc.sql("INSERT INTO orders (customer_id) SELECT id FROM customers WHERE name LIKE 'small %'").update();
        jdbc.sql("""
                INSERT INTO orders (customer_id) SELECT c.id FROM customers c JOIN bench_numbers n ON n.n < ?
                WHERE c.name LIKE 'large %'""").param(LARGE_ORDERS).update();
        jdbc.sql("""
                INSERT INTO order_lines (order_id, item_id, quantity)
                SELECT o.id, (SELECT MIN(id) FROM items WHERE name LIKE 'bench item %'), 1
                FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name LIKE 'small %'""").update();
        jdbc.sql("""
                INSERT INTO order_lines (order_id, item_id, quantity)
                SELECT o.id, i.id, 1 FROM orders o JOIN customers c ON c.id = o.customer_id
                JOIN items i ON i.name LIKE 'bench item %' WHERE c.name LIKE 'large %'""").update();
    }

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
