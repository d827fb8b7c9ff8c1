package dev.ricascade.cleanup.cascade;

import static dev.ricascade.testing.BenchmarkReport.median;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.ricascade.cleanup.CleanupBenchmark;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.testing.BenchmarkReport;
import dev.ricascade.testing.MachineCpu;
import dev.ricascade.testing.ServerCpu;

/**
 * The everyday load: many small deletes. {@value #CUSTOMERS} customers each owning {@value #ORDERS} orders of
 * {@value #LINES} lines are deleted one by one: on a twin with real FOREIGN KEYs, one autocommit statement each
 * (InnoDB cascades inside it); here, their rows are deleted and one {@code deleted} event each is published, and the
 * cleanup service, at its default settings and shard count, drains them, measured from the first publish to the last
 * status {@code done}. Prints events/s next to InnoDB's deletes/s and the ratio, and what the broker alone allows
 * ({@link BrokerCeiling}: the same topology drained by consumers that only acknowledge), and the statements and
 * commits the server received per event (its own counters), per round and as medians, also in
 * {@code target/SmallDeletesBenchmark.txt} and the run's summary. Asserts only that both databases end equal.
 */
class SmallDeletesBenchmark extends CleanupBenchmark {
    static final int CUSTOMERS = 3_000;
    static final int ORDERS = 2;
    static final int LINES = 2;
    /**
     * Rounds run first and not counted ({@code -Dbenchmark.warmup-rounds}): the service in a fresh JVM spends most of
     * its first minute compiling, which a long-running service has behind it. Over twenty rounds (60,000 events) the
     * JVM's CPU per event fell from 900 µs to 110-250 µs, and the rate rose with it; after six it was still at
     * 320-530 µs (async-profiler over a twelve-round run: 59% of the JVM's CPU in the JIT compiler threads, 7% in
     * the listeners).
     */
    static final int WARMUP_ROUNDS = Integer.getInteger("benchmark.warmup-rounds", 20);

    @Autowired
    private RelationshipGraph graph;

    private SingleConnectionDataSource innoDbSource;
    private JdbcClient innoDb;
    private String innoDbName;

    /** The database server's and the broker's CPU, where this machine runs them. */
    private ServerCpu servers;

    @BeforeEach
    void createTheTwin() {
        servers = ServerCpu.find(jdbc, namespace.broker());
        startTheOtherReplicas();
        innoDbName = namespace.createDatabase("innodb");
        innoDbSource = new SingleConnectionDataSource(namespace.jdbcUrl(innoDbName), namespace.databaseServer().user(),
                namespace.databaseServer().password(), true);
        innoDb = JdbcClient.create(innoDbSource);
        String numbers = "INSERT INTO numbers (n) VALUES " + String.join(", ",
                java.util.stream.IntStream.range(0, CUSTOMERS).mapToObj(n -> "(" + n + ")").toList());
        for (JdbcClient db : List.of(jdbc, innoDb)) {
            db.sql("CREATE TABLE numbers (n INT NOT NULL PRIMARY KEY)").update();
            db.sql(numbers).update();
        }
        for (String table : List.of("customers", "orders", "order_lines")) {
            innoDb.sql("CREATE TABLE `" + table + "` LIKE `" + namespace.database() + "`.`" + table + "`").update();
        }
        for (String table : graph.tables()) {
            for (Relationship r : graph.childrenOf(table)) {
                innoDb.sql("ALTER TABLE `" + r.child().table() + "` ADD FOREIGN KEY (`" + String.join("`, `", r.child().columns())
                        + "`) REFERENCES `" + r.parent().table() + "` (`" + String.join("`, `", r.parent().columns())
                        + "`) ON DELETE CASCADE").update();
            }
        }
    }

    @AfterEach
    void closeTheTwin() {
        innoDbSource.destroy();
    }

    @Test
    void smallDeletesAgainstInnoDb() throws Exception {
        StringBuilder report = new StringBuilder("SmallDeletesBenchmark: " + CUSTOMERS + " customers of " + ORDERS
                + " orders of " + LINES + " lines each, deleted one by one; " + settings() + "\n");
        List<Double> ratios = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        List<Double> ceilings = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            boolean warmup = round < 0;
            long first = (long) (round + WARMUP_ROUNDS) * CUSTOMERS + 1;
            load(jdbc, first);
            load(innoDb, first);

            long started = System.nanoTime();
            long innoDbServerBefore = servers.nanos()[0];
            MachineCpu innoDbMachine = MachineCpu.now();
            for (long id = first; id < first + CUSTOMERS; id++) {
                innoDb.sql("DELETE FROM customers WHERE id = ?").param(id).update();
            }
            double innoDbRate = CUSTOMERS / seconds(started);
            String innoDbCpu = MachineCpu.now().since(innoDbMachine);
            double innoDbServerCpu = (servers.nanos()[0] - innoDbServerBefore) / 1e3 / CUSTOMERS;

            sql("DELETE FROM customers WHERE id >= ? AND id < ?", first, first + CUSTOMERS);
            java.util.LinkedHashMap<Long, dev.ricascade.events.ChangeEvent> events = new java.util.LinkedHashMap<>();
            for (long id = first; id < first + CUSTOMERS; id++) {
                events.put(id, deleted("customers", Map.of("id", id)));
            }
            // built before the clock starts: the outbox has each event's JSON when it relays, and this JVM's CPU is
            // the service's to spend
            List<Outgoing> messages = keyedMessages(events);
            started = System.nanoTime();
            long cpuBefore = ServerCpu.thisJvmNanos(); // the service's consumers, the publishing and the polling
            long[] serversBefore = servers.nanos();
            Map<String, Long> serverBefore = serverCounters();
            long compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            long publishingBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            MachineCpu ourMachine = MachineCpu.now();
            publishAll(messages);
            double publishingPerEvent = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - publishingBefore)
                    / 1e3 / CUSTOMERS;
            long expected = (long) (round + WARMUP_ROUNDS + 1) * CUSTOMERS;
            // polled cheaply while the cascades run: the round's orders, through the index on customer_id; then the
            // statuses, a table without an index on state that grows by a round each round (counted every 50 ms from
            // the start, its scan took a growing share of the database's CPU, round after round)
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM orders WHERE customer_id >= ? AND customer_id < ?")
                    .params(first, first + CUSTOMERS).query(Long.class).single() == 0);
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM ri_cascade_status WHERE state = 'done'")
                    .query(Long.class).single() >= expected);
            double ourRate = CUSTOMERS / seconds(started);
            String machine = String.format("while InnoDB deleted %s, while the service cascaded %s", innoDbCpu,
                    MachineCpu.now().since(ourMachine));
            double cpuPerEvent = (ServerCpu.thisJvmNanos() - cpuBefore) / 1e3 / CUSTOMERS;
            String jvmCpu = String.format("%.0f µs of this JVM's CPU per event (publishing %.0f µs of it; the JIT compiling "
                    + "for %d ms of the round)", cpuPerEvent, publishingPerEvent,
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore);
            long[] serversAfter = servers.nanos();
            String serversCpu = !servers.available() ? "the servers' CPU not visible from here"
                    : String.format("the database server's %.0f µs (InnoDB's delete: %.0f µs) and the broker's %.0f µs",
                    (serversAfter[0] - serversBefore[0]) / 1e3 / CUSTOMERS, innoDbServerCpu,
                    (serversAfter[1] - serversBefore[1]) / 1e3 / CUSTOMERS);
            Map<String, Long> serverAfter = serverCounters();
            String statements = String.format("%.2f statements and %.3f commits per event", (serverAfter.get("Questions")
                    - serverBefore.get("Questions")) / (double) CUSTOMERS, (serverAfter.get("Com_commit")
                    - serverBefore.get("Com_commit")) / (double) CUSTOMERS);

            assertThat(rows("SELECT COUNT(*) FROM orders")).isEqualTo(innoDb.sql("SELECT COUNT(*) FROM orders")
                    .query(String.class).list());
            assertThat(rows("SELECT COUNT(*) FROM order_lines")).isEqualTo(innoDb.sql("SELECT COUNT(*) FROM order_lines")
                    .query(String.class).list());
            // in the warm-up rounds too: run for the first time after them, its consumers gave the AMQP client's
            // compiled code (the frame reading, the dispatch) new types, and the JIT threw it away and compiled it again
            // during the measured rounds (up to a second of compiling in a round, the JVM's CPU per event doubled)
            double ceiling = BrokerCeiling.drainRate(rabbit.getConnectionFactory(), namespace.queue(), properties.shards(),
                    properties.prefetch(), CUSTOMERS);
            if (warmup) {
                report.append(String.format("  warm-up round (not counted): cleanup service %.0f events/s, InnoDB %.0f "
                        + "deletes/s; %s, %s; %s; %s%n", ourRate, innoDbRate, jvmCpu, serversCpu, statements, machine));
                continue;
            }
            ours.add(ourRate);
            theirs.add(innoDbRate);
            ceilings.add(ceiling);
            ratios.add(ourRate / innoDbRate);
            cpu.add(cpuPerEvent);
            report.append(String.format("  round %d: cleanup service %.0f events/s, InnoDB %.0f deletes/s, ratio %.2f; the broker "
                    + "alone %.0f messages/s (%.2f of InnoDB); %s, %s; %s; %s%n", round + 1, ourRate, innoDbRate,
                    ourRate / innoDbRate, ceiling, ceiling / innoDbRate, jvmCpu, serversCpu, statements, machine));
        }
        report.append(String.format("  median of %d round(s): cleanup service %.0f events/s, InnoDB %.0f deletes/s, ratio %.2f "
                + "(range %.2f to %.2f); the broker alone %.0f messages/s; %.0f µs of this JVM's CPU per event (the service, "
                + "publishing and polling)%n", ROUNDS, median(ours), median(theirs), median(ratios),
                ratios.stream().mapToDouble(d -> d).min().orElse(0), ratios.stream().mapToDouble(d -> d).max().orElse(0),
                median(ceilings), median(cpu)));
        BenchmarkReport.publish("SmallDeletesBenchmark", report.toString());
        assertThat(rows("SELECT COUNT(*) FROM order_lines")).containsExactly("0");
    }

    private void load(JdbcClient db, long first) {
        db.sql("""
                INSERT INTO customers (id, email, name, created_at)
                SELECT ? + n, CONCAT('c', ? + n, '@example.org'), 'customer', '2024-01-01 00:00:00' FROM numbers WHERE n < ?
                """).params(first, first, CUSTOMERS).update();
        db.sql("""
                INSERT INTO orders (id, customer_id, status, total, placed_at)
                SELECT c.id * 10 + o.n, c.id, 'shipped', 10, '2024-01-01 00:00:00'
                FROM customers c JOIN numbers o ON o.n < ? WHERE c.id >= ?
                """).params(ORDERS, first).update();
        db.sql("""
                INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price)
                SELECT o.id, l.n + 1, 'SKU', 1, 9.99 FROM orders o JOIN numbers l ON l.n < ? WHERE o.customer_id >= ?
                """).params(LINES, first).update();
    }

    /**
     * The server's count of statements received and of COMMITs, over all its connections: while the service drains a
     * round, the others are the benchmark's polls, one every 50 ms.
     */
    private Map<String, Long> serverCounters() {
        Map<String, Long> counters = new java.util.HashMap<>();
        jdbc.sql("SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_commit')")
                .query((rs, i) -> counters.put(rs.getString(1), rs.getLong(2))).list();
        return counters;
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
