package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.ApiClient.Response;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.testing.BenchmarkReport;
import dev.ricascade.testing.InnoDbQuiet;
import dev.ricascade.testing.MachineCpu;
import dev.ricascade.testing.ServerCpu;
import dev.ricascade.testing.TestNamespace;

/**
 * The API's DELETE under load, at the default settings, in phases per round, with the real cleanup service (from
 * its jar, at its defaults; {@code -Dbenchmark.replicas} replicas, by default two as docker-compose.yml runs)
 * cascading beside it on the same machine:
 * <ul>
 * <li><b>saturated</b>: {@value #CLIENTS} clients delete {@value #SMALL} customers owning one order of one line each,
 * each client sending its next request as soon as it has its answer. This measures throughput; with every client
 * always waiting, latency is the queue (Little's law: clients / throughput), not the work of one DELETE.</li>
 * <li><b>paced</b>: the same {@value #CLIENTS} clients delete {@value #PACED} more such customers at
 * {@code -Dbenchmark.api.paced-rate} (default {@value #PACED_RATE}) deletes a second in all, on a fixed schedule
 * that does not wait for answers, while {@code -Dbenchmark.api.large-customers} (default {@value #LARGE}) customers
 * owning {@value #LARGE_ORDERS} orders of {@value #LINES} lines each (210,001 rows) are deleted on the same schedule.
 * Each latency runs from the request's scheduled time, so a stall is counted for every request it delays.</li>
 * <li><b>quiet</b>: once all of that has cascaded and InnoDB has purged and flushed it ({@link InnoDbQuiet}), the
 * same clients delete {@value #QUIET} more small customers at the same rate and schedule with nothing else going on
 * (the cleanup service follows only these deletes' own small cascades): the DELETE's own latency on warm JVMs, the
 * floor the paced phase is compared with.</li>
 * <li><b>InnoDB's own</b>: then, on a twin database whose FOREIGN KEYs cascade, the same clients delete as many such
 * customers at the same pace with one autocommit {@code DELETE} each, on a pool as large as the API's: what a
 * DELETE costs on this machine without the service, beside which the quiet phase's figures are read.</li>
 * </ul>
 * The DELETE only deletes the row and appends its event; the subtree is the cleanup service's to cascade, and each
 * round waits for it to finish before the next loads its rows. Prints p50 and p99 per phase and kind of delete and
 * how long after the load stopped the outbox relay had published everything, per round (after
 * {@code -Dbenchmark.api.warmup-rounds}, default {@value #WARMUP_ROUNDS}, not counted) and as medians, also in
 * {@code target/ApiDeleteLatencyBenchmark.txt} and the run's summary. Asserts only that every delete was accepted.
 * <p>
 * Its own {@code @SpringBootTest} replaces the end-to-end tests' settings (a 100 ms outbox poll interval, among
 * others) with the API's defaults.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ricascade.manifest=file:../relationships.yml")
class ApiDeleteLatencyBenchmark extends EndToEndIntegration {

    static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    /**
     * Rounds run first and not counted ({@code -Dbenchmark.api.warmup-rounds}): the JVM is still compiling the request
     * path, which a long-running API has behind it. Its JIT compiled for 850 and 480 ms during the first two rounds'
     * quiet phases (async-profiler: 60 to 70% of this JVM's CPU then, the requests' threads 22%), 140 ms in the third,
     * under 60 in the fourth and fifth (8 December 2026).
     */
    static final int WARMUP_ROUNDS = Integer.getInteger("benchmark.api.warmup-rounds", 3);
    static final int CLIENTS = 50;
    static final int SMALL = 2_000;
    static final int LARGE = 3;
    static final int LARGE_ORDERS = 10_000;
    static final int LINES = 20;
    private static final int LARGE_CUSTOMERS = Integer.getInteger("benchmark.api.large-customers", LARGE);
    static final int PACED = 1_000;
    static final int QUIET = 500;
    static final int PACED_RATE = 100;
    /** Replicas of the cleanup service, {@code -Dbenchmark.replicas}: by default two, as docker-compose.yml runs. */
    private static final int REPLICAS = Integer.getInteger("benchmark.replicas", 2);
    private static final int PACED_PER_SECOND = Integer.getInteger("benchmark.api.paced-rate", PACED_RATE);

    @Autowired
    private ApiProperties properties;

    @Autowired
    private HikariDataSource pool;

    @Autowired
    private TestNamespace namespace;

    @Autowired
    private Manifest manifest;

    /** The replica the test context starts; {@link #REPLICAS} - 1 more are started beside it. */
    @Autowired
    private CleanupServiceProcess cleanupService;
    private final List<CleanupServiceProcess> cleanupReplicas = new ArrayList<>();

    /** The database server's and the broker's CPU, where they run on this machine. */
    private ServerCpu servers;

    /** The same schema with the manifest's relationships as FOREIGN KEYs: InnoDB's own DELETE, the yardstick. */
    private InnoDbTwin twin;
    /** Connections to the twin as the API's pool makes them, as many. */
    private HikariDataSource twinPool;

    @BeforeEach
    void createTheTwin() {
        servers = ServerCpu.find(jdbc, namespace.broker());
        cleanupReplicas.add(cleanupService);
        for (int replica = 2; replica <= REPLICAS; replica++) {
            cleanupReplicas.add(CleanupServiceProcess.start(namespace, namespace.database() + "-replica-" + replica,
                    Map.of()).awaitReady());
        }
        twin = InnoDbTwin.create(namespace, "innodb", manifest);
        twinPool = new HikariDataSource();
        twinPool.setJdbcUrl(namespace.jdbcUrl(twin.database()));
        twinPool.setUsername(namespace.databaseServer().user());
        twinPool.setPassword(namespace.databaseServer().password());
        twinPool.setMaximumPoolSize(pool.getMaximumPoolSize());
        twinPool.setTransactionIsolation(pool.getTransactionIsolation());
        twinPool.setDataSourceProperties(pool.getDataSourceProperties());
        twinPool.setMinimumIdle(pool.getMaximumPoolSize());
        // started now, so that its connections are open before the first request, as the API's are
        JdbcClient.create(twinPool).sql("SELECT 1").query(Integer.class).single();
    }

    @AfterEach
    void closeTheTwin() {
        cleanupReplicas.stream().filter(replica -> replica != cleanupService).forEach(CleanupServiceProcess::close);
        cleanupReplicas.clear();
        twinPool.close();
        twin.close();
    }

    @Test
    void deleteLatencyForSmallAndLargeSubtrees() throws Exception {
        loadItems();
        StringBuilder report = new StringBuilder(String.format("""
                ApiDeleteLatencyBenchmark: %d clients delete %,d customers owning 1 order of 1 line as fast as answered \
                (saturated), then %,d more at %d/s on a schedule while %d owning %,d orders of %d lines (%,d rows) are \
                deleted on it too (paced), then, all of it cascaded, %,d more at %d/s with nothing else going on (quiet); \
                API defaults (outbox poll-interval %d ms, batch-size %d, pool of %d), %d replica(s) of the cleanup service from \
                its jar at its defaults; InnoDB's own DELETE (ON DELETE CASCADE, one autocommit statement on a pool as large as the API's) \
                of %,d more such customers at the same pace, by the same clients, on the same server
                """, CLIENTS, SMALL, PACED, PACED_PER_SECOND, LARGE_CUSTOMERS, LARGE_ORDERS, LINES,
                1 + LARGE_ORDERS * (1L + LINES), QUIET, PACED_PER_SECOND, properties.outbox().pollInterval().toMillis(),
                properties.outbox().batchSize(), pool.getMaximumPoolSize(), REPLICAS, QUIET));
        List<Round> rounds = new ArrayList<>();
        for (int run = 1; run <= WARMUP_ROUNDS + ROUNDS; run++) {
            if (run > 1) {
                awaitCascadesFinished();
            }
            Round measured = measure(run);
            boolean warmUp = run <= WARMUP_ROUNDS;
            if (!warmUp) {
                rounds.add(measured);
            }
            report.append(String.format("  %s: saturated: %,d small deletes in %.1f s (%.0f/s): p50 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms; paced: small p50 %.1f ms, p99 %.1f ms, max %.1f ms; large (%d) p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms; outbox backlog zero %.0f ms after the load; quiet: p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms, %d garbage collection(s) of this JVM meanwhile, %d ms, its JIT "
                            + "compiling for %d ms, %s; InnoDB's own DELETE at that pace: p50 %.1f ms, p99 %.1f ms, "
                            + "max %.1f ms, %s%n",
                    warmUp ? "warm-up round (not counted)" : "round " + (run - WARMUP_ROUNDS), SMALL, measured.seconds(),
                    SMALL / measured.seconds(), measured.smallP50(), measured.smallP99(),
                    percentile(measured.small(), 100), measured.pacedP50(), measured.pacedP99(),
                    percentile(measured.paced(), 100), LARGE_CUSTOMERS, measured.largeP50(), measured.largeP99(),
                    percentile(measured.large(), 100), measured.drainedMillis(), measured.quietP50(), measured.quietP99(),
                    percentile(measured.quiet(), 100), measured.quietCollections(), measured.quietCollectionMillis(),
                    measured.quietCompilingMillis(), measured.quietCpu(), measured.innoDbP50(), measured.innoDbP99(),
                    percentile(measured.innoDb(), 100), measured.innoDbCpu()));
        }
        report.append(String.format("  median of %d round(s): saturated %.0f deletes/s, small p50 %.1f ms, p99 %.1f ms; paced "
                        + "small p50 %.1f ms, p99 %.1f ms; large p50 %.1f ms, p99 %.1f ms; outbox backlog zero %.0f ms after "
                        + "the load; quiet p50 %.1f ms, p99 %.1f ms; InnoDB's own DELETE at that pace p50 %.1f ms, p99 %.1f ms%n", ROUNDS, median(rounds, r -> SMALL / r.seconds()),
                median(rounds, Round::smallP50), median(rounds, Round::smallP99), median(rounds, Round::pacedP50),
                median(rounds, Round::pacedP99), median(rounds, Round::largeP50), median(rounds, Round::largeP99),
                median(rounds, Round::drainedMillis), median(rounds, Round::quietP50), median(rounds, Round::quietP99),
                median(rounds, Round::innoDbP50), median(rounds, Round::innoDbP99)));
        BenchmarkReport.publish("ApiDeleteLatencyBenchmark", report.toString());
    }

    private Round measure(int round) throws Exception {
        loadCustomers(round);
        List<Long> quiet = customers("quiet " + round + ".%");
        List<Long> customers = customers("small " + round + ".%");
        List<Long> paced = customers("paced " + round + ".%");
        List<Long> large = customers("large " + round + ".%");
        List<Long> innoDb = loadTwinCustomers(round);
        List<Long> innoDbNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> quietNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> smallNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> pacedNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> largeNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        long interval = 1_000_000_000L / PACED_PER_SECOND;
        try {
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < customers.size(); i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        delete(customers.get(i));
                        smallNanos.add(System.nanoTime() - start);
                    }
                }));
            }
            awaitAll(running);
            double saturatedSeconds = (System.nanoTime() - started) / 1e9;

            // paced: request k of the phase is due at k / rate seconds after its start, whichever client sends it
            long pacedStart = System.nanoTime() + 100_000_000L;
            running = onSchedule(clients, paced, pacedStart, interval, pacedNanos);
            long largeEvery = paced.size() * interval / (LARGE_CUSTOMERS + 1);
            running.add(clients.submit(() -> {
                for (int k = 0; k < large.size(); k++) {
                    largeNanos.add(whenDue(pacedStart + (k + 1) * largeEvery, large.get(k), this::delete));
                }
            }));
            awaitAll(running);
            long loadStopped = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM ri_outbox WHERE sent_at IS NULL").query(Long.class).single() == 0);
            double drainedMillis = (System.nanoTime() - loadStopped) / 1e6;

            // quiet, once everything before has cascaded: the JVMs are warm and the cleanup service idle
            awaitNothingLeftToDo();
            long quietStart = System.nanoTime() + 100_000_000L;
            long[] gcBefore = garbageCollections();
            long compilingBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
            Cpu quietCpuBefore = cpu();
            awaitAll(onSchedule(clients, quiet, quietStart, interval, quietNanos));
            String quietCpu = cpu().since(quietCpuBefore, QUIET);
            long quietCompiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingBefore;
            long[] gcAfter = garbageCollections();

            // InnoDB's own DELETE at the same pace, once the quiet deletes have cascaded: the floor on this machine
            awaitNothingLeftToDo();
            JdbcClient twinClients = JdbcClient.create(twinPool);
            Cpu innoDbCpuBefore = cpu();
            awaitAll(onSchedule(clients, innoDb, System.nanoTime() + 100_000_000L, interval, innoDbNanos,
                    id -> assertThat(twinClients.sql("DELETE FROM customers WHERE id = ?").param(id).update()).isEqualTo(1)));
            String innoDbCpu = cpu().since(innoDbCpuBefore, QUIET);
            assertThat(twin.jdbc().sql("SELECT COUNT(*) FROM order_lines").query(Long.class).single()).isZero();

            assertThat(quietNanos).hasSize(QUIET);
            assertThat(smallNanos).hasSize(SMALL);
            assertThat(pacedNanos).hasSize(PACED);
            assertThat(largeNanos).hasSize(LARGE_CUSTOMERS);
            assertThat(innoDbNanos).hasSize(QUIET);
            return new Round(saturatedSeconds, drainedMillis, List.copyOf(smallNanos), List.copyOf(pacedNanos),
                    List.copyOf(largeNanos), List.copyOf(quietNanos), gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1],
                    quietCompiling, quietCpu, List.copyOf(innoDbNanos), innoDbCpu);
        } finally {
            clients.shutdown();
        }
    }

    /**
     * The {@value #CLIENTS} clients delete these customers on a fixed schedule: the k-th is due at {@code start + k *
     * interval}, whichever client sends it, and its latency, counted from then, goes into {@code latencies}.
     */
    private List<Future<?>> onSchedule(ExecutorService clients, List<Long> customers, long start, long interval,
                                       List<Long> latencies) {
        return onSchedule(clients, customers, start, interval, latencies, this::delete);
    }

    /** As above, each customer deleted by {@code delete}. */
    private static List<Future<?>> onSchedule(ExecutorService clients, List<Long> customers, long start, long interval,
                                              List<Long> latencies, LongConsumer delete) {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int k = client; k < customers.size(); k += CLIENTS) {
                    latencies.add(whenDue(start + k * interval, customers.get(k), delete));
                }
            }));
        }
        return running;
    }

    /** The machine's CPU and that of each process of the benchmark so far. */
    private Cpu cpu() {
        long[] servers = this.servers.nanos();
        long[] replicas = cleanupReplicas.stream().mapToLong(replica -> ServerCpu.processCpuNanos(replica.pid())).toArray();
        return new Cpu(MachineCpu.now(), ServerCpu.thisJvmNanos(),
                Arrays.stream(replicas).anyMatch(nanos -> nanos < 0) ? -1 : Arrays.stream(replicas).sum(), servers[0], servers[1]);
    }

    /**
     * The machine's CPU ({@link MachineCpu}), and the CPU time in ns of this JVM (the API and its clients), of the
     * cleanup service's replicas together, of the database server and of the broker (-1 for a process not readable
     * here).
     */
    private record Cpu(MachineCpu machine, long jvm, long cleanupService, long database, long broker) {

        /**
         * What the phase cost since {@code before}: such as "the machine's CPU 21% busy, 0% stolen by the hypervisor;
         * per delete 310 µs of this JVM's CPU (the API and the clients), the cleanup service's replicas' 420 µs, the database
         * server's 380 µs and the broker's 150 µs".
         */
        String since(Cpu before, int deletes) {
            return machine.since(before.machine) + "; per delete " + perDelete(jvm, before.jvm, deletes)
                    + " of this JVM's CPU (the API and the clients), the cleanup service's replicas' "
                    + perDelete(cleanupService, before.cleanupService, deletes) + ", the database server's "
                    + perDelete(database, before.database, deletes) + " and the broker's "
                    + perDelete(broker, before.broker, deletes);
        }

        private static String perDelete(long after, long before, int deletes) {
            return after < 0 || before < 0 ? "(not visible here)" : String.format("%.0f µs", (after - before) / 1e3 / deletes);
        }
    }

    /** This JVM's garbage collections so far, and their time in ms, over all its collectors. */
    private static long[] garbageCollections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    private static void awaitAll(List<Future<?>> running) throws Exception {
        for (Future<?> client : running) {
            client.get();
        }
    }

    /** Waits for the request's scheduled time, sends it, and returns its latency counted from that time. */
    private static long whenDue(long dueNanos, long customer, LongConsumer delete) {
        LockSupport.parkNanos(dueNanos - System.nanoTime());
        delete.accept(customer);
        return System.nanoTime() - dueNanos;
    }

    private void delete(long customer) {
        Response response = api.delete("/api/customers/" + customer);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    /** The last round's subtrees cascaded, so each round starts from the same state. */
    private void awaitCascadesFinished() {
        await("the cleanup service cascading the last round's deletes").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM orders").query(Long.class).single() == 0);
    }

    /**
     * Every deleted customer's orders cascaded, and InnoDB's purge and page flush caught up ({@link InnoDbQuiet}), so
     * the next phase starts with the cleanup service and the database idle.
     */
    private void awaitNothingLeftToDo() {
        await("the cleanup service cascading the deletes before").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.sql("SELECT COUNT(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id "
                        + "WHERE c.id IS NULL").query(Long.class).single() == 0);
        assertThat(InnoDbQuiet.await(jdbc, Duration.ofMinutes(2))).as("InnoDB purged and flushed within 2 minutes").isTrue();
    }

    /** {@value #QUIET} customers owning one order of one line on the twin, whose FOREIGN KEYs cascade their delete. */
    private List<Long> loadTwinCustomers(int round) {
        JdbcClient db = twin.jdbc();
        String name = "quiet innodb " + round + ".";
        db.sql("INSERT INTO customers (name, email) SELECT CONCAT(?, n), CONCAT('quiet-innodb', ?, '.', n, '@example.org') "
                + "FROM `" + namespace.database() + "`.bench_numbers WHERE n < ?").params(name, round, QUIET).update();
        db.sql("INSERT INTO orders (customer_id) SELECT id FROM customers WHERE name LIKE ?").param(name + "%").update();
        db.sql("INSERT INTO items (name, price) SELECT 'bench item', 1.00 FROM DUAL WHERE NOT EXISTS "
                + "(SELECT 1 FROM items WHERE name = 'bench item')").update();
        db.sql("""
                INSERT INTO order_lines (order_id, item_id, quantity)
                SELECT o.id, (SELECT MIN(id) FROM items WHERE name = 'bench item'), 1
                FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name LIKE ?""").param(name + "%").update();
        return db.sql("SELECT id FROM customers WHERE name LIKE ? ORDER BY id").param(name + "%").query(Long.class).list();
    }

    private List<Long> customers(String namePattern) {
        return jdbc.sql("SELECT id FROM customers WHERE name LIKE ? ORDER BY id").param(namePattern).query(Long.class).list();
    }

    private void loadItems() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS bench_numbers (n INT NOT NULL PRIMARY KEY)").update();
        jdbc.sql("INSERT IGNORE INTO bench_numbers (n) VALUES " + IntStream.range(0, LARGE_ORDERS)
                .mapToObj(n -> "(" + n + ")").collect(Collectors.joining(", "))).update();
        jdbc.sql("INSERT INTO items (name, price) SELECT CONCAT('bench item ', n), 1.00 FROM bench_numbers WHERE n < ?")
                .param(LINES).update();
    }

    /** Customers {@code quiet <round>.<n>}, {@code small <round>.<n>}, {@code paced <round>.<n>} and {@code large <round>.<n>} with their orders and lines. */
    private void loadCustomers(int round) {
        String quiet = "quiet " + round + ".";
        String small = "small " + round + ".";
        String paced = "paced " + round + ".";
        String large = "large " + round + ".";
        jdbc.sql("""
                INSERT INTO customers (name, email) SELECT CONCAT(?, n), CONCAT('quiet', ?, '.', n, '@example.org')
                FROM bench_numbers WHERE n < ?""").params(quiet, round, QUIET).update();
        jdbc.sql("""
                INSERT INTO customers (name, email) SELECT CONCAT(?, n), CONCAT('small', ?, '.', n, '@example.org')
                FROM bench_numbers WHERE n < ?""").params(small, round, SMALL).update();
        jdbc.sql("""
                INSERT INTO customers (name, email) SELECT CONCAT(?, n), CONCAT('paced', ?, '.', n, '@example.org')
                FROM bench_numbers WHERE n < ?""").params(paced, round, PACED).update();
        jdbc.sql("""
                INSERT INTO customers (name, email) SELECT CONCAT(?, n), CONCAT('large', ?, '.', n, '@example.org')
                FROM bench_numbers WHERE n < ?""").params(large, round, LARGE_CUSTOMERS).update();
        for (String name : List.of(quiet, small, paced)) {
            jdbc.sql("INSERT INTO orders (customer_id) SELECT id FROM customers WHERE name LIKE ?").param(name + "%").update();
        }
        jdbc.sql("""
                INSERT INTO orders (customer_id) SELECT c.id FROM customers c JOIN bench_numbers n ON n.n < ?
                WHERE c.name LIKE ?""").params(LARGE_ORDERS, large + "%").update();
        for (String name : List.of(quiet, small, paced)) {
            jdbc.sql("""
                    INSERT INTO order_lines (order_id, item_id, quantity)
                    SELECT o.id, (SELECT MIN(id) FROM items WHERE name LIKE 'bench item %'), 1
                    FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name LIKE ?""").param(name + "%").update();
        }
        jdbc.sql("""
                INSERT INTO order_lines (order_id, item_id, quantity)
                SELECT o.id, i.id, 1 FROM orders o JOIN customers c ON c.id = o.customer_id
                JOIN items i ON i.name LIKE 'bench item %' WHERE c.name LIKE ?""").param(large + "%").update();
    }

    private static double median(List<Round> rounds, ToDoubleFunction<Round> figure) {
        return BenchmarkReport.median(rounds.stream().map(figure::applyAsDouble).toList());
    }

    /** Nearest-rank percentile, in milliseconds; with 3 large deletes their p99 is their slowest. */
    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    /**
     * One round: how long the saturated phase took, how long the outbox needed after the load, and each delete's
     * latency: saturated small ones, paced small ones, paced large ones, quiet ones.
     *
     * @param quietCollections     the garbage collections of this JVM (the API, and the clients beside it) while the
     *                             quiet phase ran, and {@code quietCollectionMillis} their time: the stop-the-world
     *                             pauses that delay the requests in flight
     * @param quietCompilingMillis how long this JVM's JIT compiled meanwhile, on the cores the requests need
     * @param quietCpu             the machine's CPU meanwhile ({@link MachineCpu}: busy, and stolen by the hypervisor),
     *                             and each process's per delete ({@link Cpu})
     * @param innoDb               InnoDB's own DELETE of as many such customers at the quiet phase's pace, and
     *                             {@code innoDbCpu} the CPU meanwhile
     */
    private record Round(double seconds, double drainedMillis, List<Long> small, List<Long> paced, List<Long> large,
                         List<Long> quiet, long quietCollections, long quietCollectionMillis, long quietCompilingMillis,
                         String quietCpu, List<Long> innoDb, String innoDbCpu) {

        double innoDbP50() {
            return percentile(innoDb, 50);
        }

        double innoDbP99() {
            return percentile(innoDb, 99);
        }

        double quietP50() {
            return percentile(quiet, 50);
        }

        double quietP99() {
            return percentile(quiet, 99);
        }

        double smallP50() {
            return percentile(small, 50);
        }

        double smallP99() {
            return percentile(small, 99);
        }

        double pacedP50() {
            return percentile(paced, 50);
        }

        double pacedP99() {
            return percentile(paced, 99);
        }

        double largeP50() {
            return percentile(large, 50);
        }

        double largeP99() {
            return percentile(large, 99);
        }
    }
}
