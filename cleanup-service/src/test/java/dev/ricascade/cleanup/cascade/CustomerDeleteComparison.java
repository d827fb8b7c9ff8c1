package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.ricascade.cleanup.CleanupBenchmark;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.testing.BenchmarkReport;
import dev.ricascade.testing.InnoDbQuiet;
import dev.ricascade.testing.MachineCpu;
import dev.ricascade.testing.ServerCpu;

/**
 * The benchmarks' common part. Deletes a customer owning 10,000 orders of 20 lines each (210,001 rows) three
 * ways on the same server and prints rows/s side by side: InnoDB's ON DELETE CASCADE (the same schema with
 * real FOREIGN KEYs, one statement), the cleanup service (the row deleted, a {@code deleted} event through
 * RabbitMQ, measured from publish to status {@code done}), and a hand-written JDBC loop for reference (100
 * orders at a time: their lines, then them). Each way has a database of its own, loaded with identical data;
 * a smaller customer is deleted each way first, to warm up, and a whole round is run first and not counted. The
 * longest transaction is measured by the client around each statement (every statement is its own transaction), so
 * it includes the round trip. Each way is also timed until InnoDB has purged the deleted rows (its history list
 * empty), the whole job: InnoDB's statement returns before its purge starts, the service's commits let the purge run
 * beside its later statements. Each way also says how busy the machine's cores were while it ran, and how much of
 * their time the hypervisor gave to other machines ({@link MachineCpu}), the noise its round carries, and the CPU time
 * the database server and this JVM (the service, the benchmark's polling, the JIT compiling, of which it says how
 * much) spent meanwhile ({@link ServerCpu}): on two cores the service's statements share them with InnoDB's purge
 * and the JVM.
 * <p>
 * The service runs at its defaults unless a subclass or the command line says otherwise ({@link CleanupBenchmark});
 * {@code -Dbenchmark.rounds=N} (default 3) sets the number of measured rounds. It asserts correctness only (every
 * row of the customer gone, everything else intact and equal to what InnoDB left); the speed figures are for
 * reading, on the console, in {@code target/<benchmark class>.txt} and in the run's summary ({@link BenchmarkReport}).
 */
abstract class CustomerDeleteComparison extends CleanupBenchmark {

    private static final int LINES_PER_ORDER = 20;
    /** Order ids interleave the customers' orders (id = n * 4 + customer), as a live table would. */
    private static final int CUSTOMERS = 4;
    private static final long CUSTOMER = 1;
    private static final long WARM_UP_CUSTOMER = 2;
    /** Orders per customer: the one deleted, the one deleted first to warm up, and two bystanders. */
    private static final Map<Long, Integer> ORDERS = Map.of(CUSTOMER, 10_000, WARM_UP_CUSTOMER, 1_000, 3L, 500, 4L, 500);
    private static final String[] TABLES = {"customers", "orders", "order_lines"};
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    /**
     * Whole rounds run first and not counted ({@code -Dbenchmark.cascade.warmup-rounds}): in a fresh JVM the service's
     * first round ran at 0.2 to 0.6 of InnoDB's rate where the next ones ran at 0.6 to 1.4, its statements waiting
     * longer on the server, although each round has its smaller warm-up customer first.
     */
    private static final int WARMUP_ROUNDS = Integer.getInteger("benchmark.cascade.warmup-rounds", 1);

    private static final String INSERT_CUSTOMER = """
            INSERT INTO customers (id, email, name, created_at) VALUES (?, CONCAT('customer', ?, '@example.org'),
                CONCAT('Customer ', ?), '2024-01-01 00:00:00')
            """;
    private static final String INSERT_ORDERS = """
            INSERT INTO orders (id, customer_id, status, total, placed_at)
            SELECT n * 4 + ?, ?, 'shipped', 10 + n % 990, '2024-01-01 00:00:00' + INTERVAL n MINUTE
            FROM numbers WHERE n < ?
            """;
    private static final String INSERT_LINES = """
            INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price)
            SELECT o.id, l.n + 1, CONCAT('SKU-', (o.id * 31 + l.n) % 5000), 1 + l.n % 3, 9.99
            FROM orders o JOIN numbers l ON l.n < ?
            """;
    private static final String LOOP_SELECT = "SELECT id FROM orders WHERE customer_id = ? ORDER BY id LIMIT 100";

    @Autowired
    private Manifest manifest;

    @Autowired
    private MeterRegistry registry;

    private SingleConnectionDataSource innoDbSource;
    private SingleConnectionDataSource loopSource;
    private JdbcClient innoDb;
    private JdbcClient loop;
    private String innoDbName;
    private String loopName;
    private final StringBuilder report = new StringBuilder();
    /** The database server's CPU, where this machine runs it. */
    private ServerCpu servers;

    @BeforeEach
    void openOtherDatabases() {
        servers = ServerCpu.find(jdbc, namespace.broker());
        innoDbName = namespace.createDatabase("innodb");
        loopName = namespace.createDatabase("loop");
        innoDbSource = singleConnection(innoDbName);
        loopSource = singleConnection(loopName);
        innoDb = JdbcClient.create(innoDbSource);
        loop = JdbcClient.create(loopSource);
        sql("CREATE TABLE numbers (n INT NOT NULL PRIMARY KEY)");
        sql("INSERT INTO numbers (n) VALUES " + IntStream.range(0, 10_000).mapToObj(n -> "(" + n + ")")
                .collect(Collectors.joining(", ")));
    }

    @AfterEach
    void closeOtherDatabases() {
        innoDbSource.destroy();
        loopSource.destroy();
    }

    @Test
    void deleteACustomerWith10000OrdersOf20Lines() throws Exception {
        long rows = 1 + ORDERS.get(CUSTOMER) * (1L + LINES_PER_ORDER);
        line("%s: deleting customer %d: %,d orders x %d lines = %,d rows; %s; MariaDB %s", getClass().getSimpleName(),
                CUSTOMER, ORDERS.get(CUSTOMER), LINES_PER_ORDER, rows, settings(),
                jdbc.sql("SELECT VERSION()").query(String.class).single());
        List<Result> results = new ArrayList<>();
        for (int round = 1 - WARMUP_ROUNDS; round <= ROUNDS; round++) {
            boolean counted = round >= 1;
            load();
            warmUp();
            line("");
            line(counted ? "Round %d of %d" : "Warm-up round (not counted)", round, ROUNDS);
            line("%-34s %9s %9s %10s %9s %11s %11s %9s %9s %13s %11s %16s", "", "rows", "seconds", "rows/s", "vs InnoDB",
                    "statements", "longest tx", "purged", "vs InnoDB", "busy, stolen", "server CPU", "JVM CPU (JIT)");
            Result innoDbResult = timeInnoDb(CUSTOMER).against(null);
            Result service = timeService(CUSTOMER).against(innoDbResult);
            Result handWritten = timeLoop(CUSTOMER).against(innoDbResult);
            for (Result result : List.of(innoDbResult, service, handWritten)) {
                assertThat(result.rows()).as(result.way()).isEqualTo(rows);
                line("%-34s %,9d %9.3f %,10.0f %9.2f %,11d %8.1f ms %7.3f s %9.2f %6.0f%%, %3.0f%% %11s %16s",
                        result.way(), result.rows(), result.seconds(), result.rate(), result.vsInnoDb(),
                        result.statements(), result.longestMillis(), result.purgedSeconds(), result.vsInnoDbPurged(),
                        result.cpu().busyPercent(), result.cpu().stolenPercent(), millis(result.cpu().serverNanos()),
                        millis(result.cpu().jvmNanos()) + " (" + result.cpu().jitMillis() + ")");
                if (counted) {
                    results.add(result);
                }
            }
            if (service.overBudget() > 0) {
                line("  %d cleanup-service statement(s) took longer than the %d ms budget", service.overBudget(),
                        properties.statementBudget().toMillis());
            }
            assertEverythingElseIntact();
        }
        summarize(results);
        BenchmarkReport.publish(getClass().getSimpleName(), report.toString());
    }

    /** Recreates the schema in the three databases (real FOREIGN KEYs in InnoDB's) and loads the same rows. */
    private void load() throws IOException {
        long start = System.nanoTime();
        for (JdbcClient db : List.of(jdbc, innoDb, loop)) {
            for (int i = TABLES.length - 1; i >= 0; i--) {
                db.sql("DROP TABLE IF EXISTS " + TABLES[i]).update();
            }
            script(db, schemaResource());
        }
        for (Relationship r : manifest.relationships()) {
            innoDb.sql("ALTER TABLE `" + r.child().table() + "` ADD CONSTRAINT `" + r.name() + "` FOREIGN KEY ("
                    + columns(r.child().columns()) + ") REFERENCES `" + r.parent().table() + "` ("
                    + columns(r.parent().columns()) + ") ON DELETE " + r.onDelete().sqlName() + " ON UPDATE "
                    + r.onUpdate().sqlName()).update();
        }
        for (Map.Entry<Long, Integer> customer : ORDERS.entrySet()) {
            sql(INSERT_CUSTOMER, customer.getKey(), customer.getKey(), customer.getKey());
            sql(INSERT_ORDERS, customer.getKey(), customer.getKey(), customer.getValue());
        }
        sql(INSERT_LINES, LINES_PER_ORDER);
        for (JdbcClient db : List.of(innoDb, loop)) {
            db.sql("SET foreign_key_checks = 0").update();
            for (String table : TABLES) {
                db.sql("INSERT INTO `" + table + "` SELECT * FROM `" + namespace.database() + "`.`" + table + "`").update();
            }
            db.sql("SET foreign_key_checks = 1").update();
        }
        for (JdbcClient db : List.of(jdbc, innoDb, loop)) {
            db.sql("ANALYZE TABLE " + String.join(", ", TABLES)).query().listOfRows();
        }
        quiesce();
        line("%nLoaded %,d rows into each of 3 databases in %.1f s", total(jdbc), (System.nanoTime() - start) / 1e9);
    }

    /** The same delete, on a smaller customer, each way: the JIT and the caches warm before anything counts. */
    private void warmUp() throws Exception {
        timeInnoDb(WARM_UP_CUSTOMER);
        timeService(WARM_UP_CUSTOMER);
        timeLoop(WARM_UP_CUSTOMER);
    }

    private Result timeInnoDb(long customer) {
        long before = total(innoDb);
        Spent spent = spent();
        long start = System.nanoTime();
        innoDb.sql("DELETE FROM customers WHERE id = ?").param(customer).update();
        long nanos = System.nanoTime() - start;
        Cpu cpu = spent().since(spent);
        Result result = new Result("InnoDB ON DELETE CASCADE", before - total(innoDb), nanos, 1, nanos, 0,
                untilPurged(start), cpu);
        quiesce();
        return result;
    }

    /** From the customer's delete (as the API does it) and its event's publication to the status {@code done}. */
    private Result timeService(long customer) {
        Timer previous = registry.find("ricascade.cascade.statement").timer();
        if (previous != null) {
            registry.remove(previous); // a fresh timer, so its max is this run's
        }
        Spent spent = spent();
        long start = System.nanoTime();
        sql("DELETE FROM customers WHERE id = ?", customer);
        String eventId = publish(deleted("customers", Map.of("id", customer)));
        String state = await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> jdbc.sql("SELECT state FROM ri_cascade_status WHERE event_id = ? AND state <> 'running'")
                        .param(eventId).query(String.class).optional().orElse(null), s -> s != null);
        long nanos = System.nanoTime() - start;
        Cpu cpu = spent().since(spent);
        assertThat(state).as("event " + eventId).isEqualTo("done");
        long deleted = jdbc.sql("SELECT SUM(deleted) FROM ri_cascade_rows WHERE event_id = ?").param(eventId)
                .query(Long.class).single();
        Timer statements = registry.get("ricascade.cascade.statement").timer();
        long withinBudget = Arrays.stream(statements.takeSnapshot().histogramCounts())
                .filter(b -> b.bucket(TimeUnit.NANOSECONDS) == properties.statementBudget().toNanos())
                .mapToLong(b -> (long) b.count()).findFirst()
                .orElseThrow();
        Result result = new Result("cleanup service (RabbitMQ event)", 1 + deleted, nanos, statements.count(),
                (long) statements.max(TimeUnit.NANOSECONDS), statements.count() - withinBudget, untilPurged(start), cpu);
        quiesce();
        return result;
    }

    /** A tight hand-written loop on one connection, autocommit: 100 orders' ids, their lines, then the orders. */
    private Result timeLoop(long customer) throws SQLException {
        long before = total(loop);
        long statements = 0;
        long longest = 0;
        Spent spent = spent();
        long start = System.nanoTime();
        Connection connection = loopSource.getConnection();
        try (PreparedStatement deleteCustomer = connection.prepareStatement("DELETE FROM customers WHERE id = ?");
             PreparedStatement select = connection.prepareStatement(LOOP_SELECT)) {
            deleteCustomer.setLong(1, customer);
            deleteCustomer.executeUpdate();
            while (true) {
                long t = System.nanoTime();
                select.setLong(1, customer);
                List<Long> ids = new ArrayList<>(100);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                longest = Math.max(longest, System.nanoTime() - t);
                statements++;
                if (ids.isEmpty()) {
                    break;
                }
                String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
                for (String delete : List.of("DELETE FROM order_lines WHERE order_id IN (" + in + ")",
                        "DELETE FROM orders WHERE id IN (" + in + ")")) {
                    t = System.nanoTime();
                    try (PreparedStatement statement = connection.prepareStatement(delete)) {
                        for (int i = 0; i < ids.size(); i++) {
                            statement.setLong(i + 1, ids.get(i));
                        }
                        statement.executeUpdate();
                    }
                    longest = Math.max(longest, System.nanoTime() - t);
                    statements++;
                }
            }
        }
        long nanos = System.nanoTime() - start;
        Cpu cpu = spent().since(spent);
        Result result = new Result("hand-written JDBC loop (reference)", before - total(loop), nanos, statements, longest, 0,
                untilPurged(start), cpu);
        quiesce();
        return result;
    }

    /** Each database lost exactly the deleted customers' rows, and the three agree row for row. */
    private void assertEverythingElseIntact() {
        for (JdbcClient db : List.of(jdbc, innoDb, loop)) {
            for (long customer : List.of(CUSTOMER, WARM_UP_CUSTOMER)) {
                assertThat(db.sql("SELECT COUNT(*) FROM customers WHERE id = ?").param(customer).query(Long.class).single())
                        .isZero();
                assertThat(db.sql("SELECT COUNT(*) FROM orders WHERE id % 4 = ?").param(customer % CUSTOMERS)
                        .query(Long.class).single()).isZero();
                assertThat(db.sql("SELECT COUNT(*) FROM order_lines WHERE order_id % 4 = ?").param(customer % CUSTOMERS)
                        .query(Long.class).single()).isZero();
            }
            long bystanders = ORDERS.entrySet().stream().filter(e -> e.getKey() != CUSTOMER && e.getKey() != WARM_UP_CUSTOMER)
                    .mapToLong(e -> 1 + e.getValue() * (1L + LINES_PER_ORDER)).sum();
            assertThat(total(db)).isEqualTo(bystanders);
        }
        for (String table : TABLES) {
            long expected = checksum(innoDb, innoDbName, table);
            assertThat(checksum(jdbc, namespace.database(), table)).as(table + " after the service").isEqualTo(expected);
            assertThat(checksum(loop, loopName, table)).as(table + " after the loop").isEqualTo(expected);
        }
    }

    private void summarize(List<Result> results) {
        line("");
        line("Over %d round(s): median rows/s (min .. max), median of the rounds' ratios to InnoDB (min .. max), "
                + "and the longest transaction of any round", ROUNDS);
        Map<String, List<Result>> byWay = results.stream()
                .collect(Collectors.groupingBy(Result::way, java.util.LinkedHashMap::new, Collectors.toList()));
        byWay.forEach((way, runs) -> line("%-34s %,10.0f  (%,.0f .. %,.0f)  %.2f x InnoDB (%.2f .. %.2f)  longest tx %.1f ms;"
                        + "  until purged %.2f x InnoDB's (%.2f .. %.2f);  stolen by the hypervisor up to %.0f%%;"
                        + "  CPU: the server's %s, this JVM's %s (its JIT compiling for %.0f ms)",
                way, median(runs, Result::rate), min(runs, Result::rate), max(runs, Result::rate),
                median(runs, Result::vsInnoDb), min(runs, Result::vsInnoDb), max(runs, Result::vsInnoDb),
                max(runs, Result::longestMillis), median(runs, Result::vsInnoDbPurged),
                min(runs, Result::vsInnoDbPurged), max(runs, Result::vsInnoDbPurged),
                max(runs, r -> r.cpu().stolenPercent()), millis((long) median(runs, r -> r.cpu().serverNanos())),
                millis((long) median(runs, r -> r.cpu().jvmNanos())), median(runs, r -> r.cpu().jitMillis())));
    }

    /** Waits for InnoDB to purge and flush what the last way left ({@link InnoDbQuiet}). */
    private void quiesce() {
        if (!InnoDbQuiet.await(jdbc, Duration.ofSeconds(60))) {
            line("  (InnoDB's purge or flush still behind after 60 s; the next figure may suffer)");
        }
    }

    /**
     * From {@code start} until InnoDB has purged what was deleted (the history list empty): InnoDB's one statement
     * returns before its purge begins, while the service's commits let the purge run beside its later statements, so
     * the time until purged compares the whole job each way. -1 when it did not empty within a minute.
     */
    private long untilPurged(long start) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                    .until(() -> InnoDbQuiet.historyLength(jdbc) == 0);
            return System.nanoTime() - start;
        } catch (ConditionTimeoutException e) {
            return -1;
        }
    }

    private long total(JdbcClient db) {
        return Arrays.stream(TABLES).mapToLong(t -> db.sql("SELECT COUNT(*) FROM `" + t + "`").query(Long.class).single())
                .sum();
    }

    private static long checksum(JdbcClient db, String database, String table) {
        return db.sql("CHECKSUM TABLE `" + database + "`.`" + table + "`").query((rs, i) -> rs.getLong(2)).single();
    }

    private SingleConnectionDataSource singleConnection(String database) {
        return new SingleConnectionDataSource(namespace.jdbcUrl(database), namespace.databaseServer().user(),
                namespace.databaseServer().password(), true);
    }

    private static void script(JdbcClient db, String resource) throws IOException {
        String script = new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
        Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(s -> db.sql(s).update());
    }

    private static String columns(List<String> columns) {
        return columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }

    private static double min(List<Result> runs, ToDoubleFunction<Result> value) {
        return runs.stream().mapToDouble(value).min().orElseThrow();
    }

    private static double max(List<Result> runs, ToDoubleFunction<Result> value) {
        return runs.stream().mapToDouble(value).max().orElseThrow();
    }

    private static double median(List<Result> runs, ToDoubleFunction<Result> value) {
        return BenchmarkReport.median(runs.stream().map(value::applyAsDouble).toList());
    }

    /** What the machine, this JVM, its JIT and the database server have spent so far. */
    private Spent spent() {
        return new Spent(MachineCpu.now(), ServerCpu.thisJvmNanos(),
                ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), servers.nanos()[0]);
    }

    /** "123 ms", or "n/a" where the process's CPU cannot be read here. */
    private static String millis(long nanos) {
        return nanos < 0 ? "n/a" : String.format("%,d ms", nanos / 1_000_000);
    }

    private record Spent(MachineCpu machine, long jvmNanos, long jitMillis, long serverNanos) {

        Cpu since(Spent before) {
            return new Cpu(machine.busyPercentSince(before.machine), machine.stolenPercentSince(before.machine),
                    jvmNanos - before.jvmNanos, jitMillis - before.jitMillis,
                    serverNanos < 0 || before.serverNanos < 0 ? -1 : serverNanos - before.serverNanos);
        }
    }

    /**
     * The CPU of one way: how busy the machine's cores were and how much of their time the hypervisor gave to other
     * machines ({@link MachineCpu}), the CPU time of this JVM (the service, the benchmark's polling and the JIT) and of
     * its JIT's compiling (ms, as the JVM counts it), and the database server's CPU time (-1 where not visible here).
     */
    private record Cpu(double busyPercent, double stolenPercent, long jvmNanos, long jitMillis, long serverNanos) {
    }

    private void line(String format, Object... args) {
        report.append(String.format(format, args)).append('\n');
    }

    /**
     * One way's delete: rows gone, time taken, statements (each its own transaction) and the longest one, the CPU
     * spent meanwhile, and its rate as a fraction of InnoDB's in the same round.
     */
    private record Result(String way, long rows, long nanos, long statements, long longestNanos, long overBudget,
                          long purgedNanos, Cpu cpu, double vsInnoDb, double vsInnoDbPurged) {

        Result(String way, long rows, long nanos, long statements, long longestNanos, long overBudget, long purgedNanos,
               Cpu cpu) {
            this(way, rows, nanos, statements, longestNanos, overBudget, purgedNanos, cpu, 1, 1);
        }

        /** This result compared with InnoDB's of the same round (null: this is InnoDB's). */
        Result against(Result innoDb) {
            return new Result(way, rows, nanos, statements, longestNanos, overBudget, purgedNanos, cpu,
                    innoDb == null ? 1 : rate() / innoDb.rate(),
                    innoDb == null ? 1 : purgedNanos < 0 || innoDb.purgedNanos() < 0 ? Double.NaN
                            : (double) innoDb.purgedNanos() / purgedNanos);
        }

        /** Seconds from the start until the deleted rows were purged; negative when that was not seen. */
        double purgedSeconds() {
            return purgedNanos / 1e9;
        }

        double seconds() {
            return nanos / 1e9;
        }

        double rate() {
            return rows / seconds();
        }

        double longestMillis() {
            return longestNanos / 1e6;
        }
    }
}
