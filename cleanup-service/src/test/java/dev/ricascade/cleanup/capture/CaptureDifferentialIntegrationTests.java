package dev.ricascade.cleanup.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;

/**
 * InnoDB is the oracle, with the binlog as the only source of events. A random workload of plain SQL statements
 * (deletes of parents, one row or many; key updates, letter case only among them; inserts of children of live
 * parents; a few statements in one transaction) goes, as another application would send it, to the database
 * without FOREIGN KEYs, which the capture follows and a cleanup consumer repairs, and the same statements go to an
 * InnoDB twin with the manifest's relationships ({@code manifests/shop.yml}: CASCADE chains two levels deep, SET
 * NULL, ON UPDATE CASCADE over a composite key, RESTRICT) declared as FOREIGN KEYs. The test publishes nothing.
 * Once the capture has read past the last statement and every event it published is done, every table must hold
 * what InnoDB's holds, byte for byte.
 * <p>
 * Each statement is generated from the twin's current state, so it is one InnoDB could take; what InnoDB refuses
 * (a child's missing parent, RESTRICT, a duplicate key) is rolled back on both sides. Cascades run while the
 * workload goes on. A statement whose target rows a pending cascade has yet to reach (they differ between the
 * sides, read with {@code FOR UPDATE}) waits for that table to catch up and is then sent again: an application
 * rewriting a row in the middle of its cascade is the timing difference docs/divergences.md describes, not what
 * this test is about. For the same reason no freed key value is handed out again (new keys are always fresh), as
 * only the API can refuse that while a cascade is pending. Within a transaction of several statements InnoDB
 * cascades each statement at once and the capture only after the commit, so a statement targeting rows its own
 * transaction's earlier statements cascaded finds other rows on the two sides even once the table caught up: the
 * step then ends before that statement. The statements depend on the seed only; replay with
 * {@code -Dcapture.differential.seed=<seed printed>}; {@code -Dcapture.differential.steps=N} sets their number.
 */
// small batches: a cascade takes several transactions, and the workload goes on between them
@TestPropertySource(properties = "ricascade.batch-size=2")
class CaptureDifferentialIntegrationTests extends CaptureIntegrationTest {

    private static final int STEPS = Integer.getInteger("capture.differential.steps", 300);
    private static final List<String> TABLES = List.of("customers", "items", "orders", "order_lines", "shipments",
            "subscriptions", "deliveries", "categories", "notes", "people");
    /** What InnoDB may answer to a statement of this workload: a missing or present child, a duplicate key. */
    private static final Set<Integer> REFUSALS = Set.of(1451, 1452, 1062, 1557, 1761, 3008);
    /** What the database without FOREIGN KEYs may answer while the cleanup service works: try the step again. */
    private static final Set<Integer> BUSY = Set.of(1213, 1205);
    /** How long a table may take to catch up with InnoDB's before the difference counts as a divergence. */
    private static final Duration CATCH_UP = Duration.ofSeconds(15);
    /** How often one step may be sent again (busy, or after a pending cascade) before the test gives up on it. */
    private static final int MAX_ATTEMPTS = 40;

    @Autowired
    private Manifest manifest;

    @Autowired
    private SchemaCatalog catalog;

    private Side ours;
    private Side innoDb;
    private Random random;
    private long seed;
    private int nextId = 10_000;
    private final List<String> log = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    /** Order lines' keys ever inserted, "order:item". */
    private final Set<String> usedLines = new HashSet<>();
    /** Statements both sides took, by their text, to show what the workload exercised. */
    private final Map<String, Integer> taken = new TreeMap<>();

    @BeforeEach
    void createTheTwinWithForeignKeys() throws Exception {
        String twin = namespace.database() + "_fk";
        asAnotherApplication("DROP DATABASE IF EXISTS `" + twin + "`");
        namespace.createDatabase("fk");
        innoDb = Side.open("InnoDB", namespace.jdbcUrl(twin), namespace);
        ours = Side.open("without FOREIGN KEYs", namespace.jdbcUrl(), namespace);
        String script = new ClassPathResource("manifests/shop.sql").getContentAsString(StandardCharsets.UTF_8);
        for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
                innoDb.execute(statement);
            }
        }
        for (Relationship r : manifest.relationships()) {
            innoDb.execute("ALTER TABLE `" + r.child().table() + "` ADD CONSTRAINT `" + r.name() + "` FOREIGN KEY ("
                    + columns(r.child().columns()) + ") REFERENCES `" + r.parent().table() + "` ("
                    + columns(r.parent().columns()) + ") ON DELETE " + r.onDelete().sqlName() + " ON UPDATE "
                    + r.onUpdate().sqlName());
        }
    }

    @AfterEach
    void closeTheConnections() throws SQLException {
        ours.close();
        innoDb.close();
    }

    @Test
    void aWorkloadOfPlainSqlStatementsEndsAsInnoDbLeavesIt() throws SQLException {
        seed = Long.getLong("capture.differential.seed", System.nanoTime());
        System.out.println("CaptureDifferentialIntegrationTests seed " + seed + " (replay with -Dcapture.differential.seed="
                + seed + ")");
        random = new Random(seed);
        long publishedBefore = eventsPublished();
        long statusesBefore = count("ri_cascade_status");
        long start = System.nanoTime();

        populate();
        for (int step = 1; step <= STEPS; step++) {
            step("step " + step);
        }
        String end = binlogEnd();
        long sent = System.nanoTime();

        long published;
        try {
            await("the capture past the last statement, at " + end).atMost(PATIENCE)
                    .until(() -> position().filter(p -> atOrPast(p, end)).isPresent());
            published = eventsPublished() - publishedBefore;
            await("every captured event finished").atMost(PATIENCE).until(() -> jdbc.sql(
                    "SELECT COUNT(*) FROM ri_cascade_status WHERE state <> 'running'").query(Long.class).single()
                    >= statusesBefore + published);
        } catch (ConditionTimeoutException e) {
            assertEveryTableAsInnoDbs();
            throw e;
        }
        System.out.printf("CaptureDifferentialIntegrationTests seed %d: %s; %d events captured; statements sent in %.1f s, "
                        + "cascades finished %.1f s later%n", seed, outcomes, published, (sent - start) / 1e9,
                (System.nanoTime() - sent) / 1e9);
        taken.forEach((sql, n) -> System.out.printf("%6d x %s%n", n, sql));
        for (String table : TABLES) {
            System.out.printf("%6d rows in %s%n", count(table), table);
        }
        Map<String, Long> cascaded = new TreeMap<>();
        jdbc.sql("SELECT relationship, SUM(deleted), SUM(nulled), SUM(rewritten) FROM ri_cascade_rows GROUP BY relationship")
                .query((rs, i) -> {
                    System.out.printf("%-24s deleted %4d, nulled %4d, rewritten %4d%n", rs.getString(1), rs.getLong(2),
                            rs.getLong(3), rs.getLong(4));
                    cascaded.merge("deleted", rs.getLong(2), Long::sum);
                    cascaded.merge("nulled", rs.getLong(3), Long::sum);
                    cascaded.merge("rewritten", rs.getLong(4), Long::sum);
                    return null;
                }).list();

        assertThat(jdbc.sql("SELECT CONCAT(event_id, ' ', state, ': ', COALESCE(detail, '')) FROM ri_cascade_status "
                        + "WHERE state <> 'done' OR detail IS NOT NULL")
                .query(String.class).list()).as("events not done cleanly, seed %d", seed).isEmpty();
        assertThat(published).as("events the capture published, seed %d", seed).isGreaterThan(STEPS / 5);
        assertThat(outcomes.getOrDefault("accepted", 0)).as("steps InnoDB accepted, seed %d", seed)
                .isGreaterThan(STEPS / 3);
        assertThat(outcomes).as("seed %d", seed).containsKey("accepted transactions of several statements");
        assertThat(cascaded).as("rows the cascades changed, seed %d", seed)
                .allSatisfy((change, rows) -> assertThat(rows).as(change).isPositive()).containsOnlyKeys("deleted", "nulled", "rewritten");
        assertEveryTableAsInnoDbs();
    }

    private void assertEveryTableAsInnoDbs() throws SQLException {
        for (String table : TABLES) {
            String all = "SELECT * FROM `" + table + "` ORDER BY " + columns(catalog.primaryKey(table));
            assertThat(ours.dump(all, List.of())).as("%s, seed %d; the last steps:%n%s", table, seed, lastSteps())
                    .isEqualTo(innoDb.dump(all, List.of()));
        }
    }

    // ---- the workload

    private void populate() throws SQLException {
        for (int i = 1; i <= 6; i++) {
            apply(Change.insert("INSERT INTO items (id, name) VALUES (?, ?)", i, "item " + i));
        }
        for (int i = 1; i <= 20; i++) {
            apply(Change.insert("INSERT INTO customers (id, email, referred_by) VALUES (?, ?, ?)", i,
                    (i % 3 == 0 ? "C" : "c") + i + "@x.org", i > 1 && random.nextBoolean() ? random.nextInt(i - 1) + 1 : null));
        }
        for (int i = 1; i <= 20; i++) {
            apply(Change.insert("INSERT INTO categories (id, parent_id) VALUES (?, ?)", i,
                    i > 3 && random.nextInt(5) > 0 ? random.nextInt(i - 1) + 1 : null));
        }
        for (int i = 0; i < 250; i++) {
            step("loading");
        }
    }

    /**
     * One step: one statement, or a few in one transaction, generated from InnoDB's state with a random of the
     * step's own, so that trying the step again sends the same statements.
     */
    private void step(String name) throws SQLException {
        long stepSeed = random.nextLong();
        boolean loading = name.equals("loading");
        int size = !loading && random.nextInt(6) == 0 ? 2 + random.nextInt(3) : 1;
        int idsAtStart = nextId;
        int pendingBefore = -1;
        for (int attempt = 1; ; attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new AssertionError(name + " was sent " + MAX_ATTEMPTS + " times without an outcome, seed " + seed
                        + "; the last steps:\n" + lastSteps());
            }
            Random choices = new Random(stepSeed);
            nextId = idsAtStart;
            List<Change> changes = new ArrayList<>();
            String outcome = null;
            int statement = 0;
            for (; statement < size && outcome == null; statement++) {
                Change change = loading ? insertChild(choices) : nextChange(choices);
                if (change == null) {
                    continue;
                }
                changes.add(change);
                outcome = send(change);
            }
            if (outcome == null) {
                ours.commit();
                innoDb.commit();
                outcome = changes.isEmpty() ? "nothing to change" : "accepted";
                if (!changes.isEmpty()) {
                    log.add(name + ": " + changes);
                    changes.forEach(c -> taken.merge(c.sql(), 1, Integer::sum));
                    changes.stream().filter(c -> c.sql().startsWith("INSERT INTO order_lines"))
                            .forEach(c -> usedLines.add(c.params().get(0) + ":" + c.params().get(1)));
                    if (changes.size() > 1) {
                        outcomes.merge("accepted transactions of several statements", 1, Integer::sum);
                    }
                }
            } else {
                ours.rollback();
                innoDb.rollback();
            }
            if (outcome.startsWith("pending ")) {
                awaitCaughtUp(outcome.substring("pending ".length()));
                int pendingAt = statement - 1;
                if (changes.size() > 1 && pendingAt == pendingBefore) {
                    // The table had caught up, and the same statement found other rows again: the transaction's
                    // own earlier statements made the difference, InnoDB cascading them at once and the capture
                    // only after the commit. The step ends before that statement.
                    size = pendingAt;
                    outcomes.merge("steps cut before a statement their own transaction cascaded", 1, Integer::sum);
                }
                pendingBefore = pendingAt;
            } else if (!outcome.equals("busy")) {
                outcomes.merge(loading ? "loading " + outcome : outcome, 1, Integer::sum);
                return;
            }
            outcomes.merge(outcome.startsWith("pending ") ? "sent again after a pending cascade" : "sent again, busy",
                    1, Integer::sum);
        }
    }

    /** Sends one statement to both sides; null when both took it, otherwise why the step stops. */
    private String send(Change change) throws SQLException {
        if (change.targets() != null) {
            String locked = change.targets() + " FOR UPDATE";
            List<String> theirs;
            List<String> mine;
            try {
                theirs = innoDb.dump(locked, change.targetParams());
                mine = ours.dump(locked, change.targetParams());
            } catch (SQLException e) {
                if (BUSY.contains(e.getErrorCode())) {
                    return "busy";
                }
                throw e;
            }
            if (!mine.equals(theirs)) {
                return "pending " + change.table();
            }
        }
        try {
            innoDb.update(change);
        } catch (SQLException refused) {
            if (!REFUSALS.contains(refused.getErrorCode())) {
                throw new AssertionError("InnoDB refused " + change + " unexpectedly, seed " + seed, refused);
            }
            return "refused by InnoDB";
        }
        try {
            ours.update(change);
        } catch (SQLException e) {
            if (BUSY.contains(e.getErrorCode())) {
                return "busy";
            }
            throw new AssertionError("InnoDB took " + change + " but the database without FOREIGN KEYs refused it, seed "
                    + seed + "; the last steps:\n" + lastSteps(), e);
        }
        return null;
    }

    private void apply(Change change) throws SQLException {
        assertThat(send(change)).as("%s", change).isNull();
        ours.commit();
        innoDb.commit();
    }

    /** A pending cascade reaches the rows a statement wanted first: wait until the table is as InnoDB's. */
    private void awaitCaughtUp(String table) throws SQLException {
        String all = "SELECT * FROM `" + table + "` ORDER BY " + columns(catalog.primaryKey(table));
        try {
            await(table + " caught up with InnoDB's").atMost(CATCH_UP).pollInterval(Duration.ofMillis(20))
                    .until(() -> ours.dump(all, List.of()).equals(innoDb.dump(all, List.of())));
        } catch (ConditionTimeoutException e) {
            assertThat(ours.dump(all, List.of())).as("%s differs from InnoDB's and did not catch up within %s (a "
                    + "divergence, or a cascade that never came), seed %d; the last steps:%n%s", table, CATCH_UP, seed, lastSteps()).isEqualTo(innoDb.dump(all, List.of()));
            throw e;
        }
    }

    private Change nextChange(Random choices) throws SQLException {
        Function<String, Change> deleteOne = table -> row(table, choices, row -> Change.touching(table, "id = ?", row.get("id"))
                .set("DELETE FROM `" + table + "` WHERE id = ?", row.get("id")));
        return switch (choices.nextInt(36)) {
            case 0, 1 -> deleteOne.apply("customers");
            case 3 -> {
                List<Object> ids = someIds("customers", choices);
                yield ids.isEmpty() ? null : Change.touching("customers", "id IN (" + marks(ids) + ")", ids.toArray())
                        .set("DELETE FROM customers WHERE id IN (" + marks(ids) + ")", ids.toArray());
            }
            case 4 -> row("customers", choices, c -> Change.touching("orders", "customer_id = ?", c.get("id"))
                    .set("DELETE FROM orders WHERE customer_id = ?", c.get("id")));
            case 5 -> deleteOne.apply("orders");
            case 6 -> deleteOne.apply("items");
            case 7 -> row("subscriptions", choices, s -> Change.touching("subscriptions", "customer_email = ? AND topic = ?",
                    s.get("customer_email"), s.get("topic"))
                    .set("DELETE FROM subscriptions WHERE customer_email = ? AND topic = ?", s.get("customer_email"), s.get("topic")));
            case 8 -> deleteOne.apply("categories");
            case 9 -> row("categories", choices, c -> Change.touching("categories", "parent_id = ?", c.get("id"))
                    .set("DELETE FROM categories WHERE parent_id = ?", c.get("id")));
            case 10 -> row("orders", choices, o -> Change.touching("order_lines", "order_id = ?", o.get("id"))
                    .set("DELETE FROM order_lines WHERE order_id = ?", o.get("id")));
            case 11, 12 -> row("customers", choices, c -> updateById("customers", "email", "n" + nextId++ + "@x.org", c));
            case 13, 14 -> row("customers", choices, c -> updateById("customers", "email", swapCase((String) c.get("email")), c));
            case 15 -> {
                List<Object> ids = someIds("customers", choices);
                String function = choices.nextBoolean() ? "UPPER" : "LOWER";
                yield ids.isEmpty() ? null : Change.touching("customers", "id IN (" + marks(ids) + ")", ids.toArray())
                        .set("UPDATE customers SET email = " + function + "(email) WHERE id IN (" + marks(ids) + ")", ids.toArray());
            }
            case 16 -> row("customers", choices, c -> updateById("customers", "id", nextId++, c));
            case 17 -> row("subscriptions", choices, s -> updateSubscription(s, choices.nextBoolean()
                    ? "t" + nextId++ : swapCase((String) s.get("topic"))));
            case 18 -> row("customers", choices, c -> {
                Change all = Change.touching("subscriptions", "customer_email = ?", c.get("email"));
                return choices.nextBoolean()
                        ? all.set("UPDATE subscriptions SET topic = UPPER(topic) WHERE customer_email = ?", c.get("email"))
                        : all.set("UPDATE subscriptions SET topic = CONCAT(LEFT(topic, 20), '.', ?) WHERE customer_email = ?",
                                String.valueOf(nextId++), c.get("email"));
            });
            case 19 -> row("orders", choices, o -> updateById("orders", "id", nextId++, o));
            case 20 -> row("categories", choices, c -> updateById("categories", "id", nextId++, c));
            case 21 -> row("orders", choices, o -> updateById("orders", "customer_id", pick("customers", choices, "id"), o));
            default -> insertChild(choices);
        };
    }

    /** A new row whose parents InnoDB has (or, now and then, has no longer: then it refuses the row). */
    private Change insertChild(Random choices) throws SQLException {
        long id = nextId++;
        return switch (choices.nextInt(11)) {
            case 0, 1 -> Change.insert("INSERT INTO customers (id, email, referred_by) VALUES (?, ?, ?)", id,
                    (choices.nextBoolean() ? "c" : "C") + id + "@x.org", choices.nextBoolean() ? pick("customers", choices, "id") : null);
            case 2, 3 -> Change.insert("INSERT INTO orders (id, customer_id) VALUES (?, ?)", id, pick("customers", choices, "id"));
            case 4 -> {
                Object order = pick("orders", choices, "id");
                Object item = pick("items", choices, "id");
                // a line's key once freed is not handed out again: its cascade may still be pending (docs/divergences.md)
                yield usedLines.contains(order + ":" + item) ? null : Change.insert(
                        "INSERT INTO order_lines (order_id, item_id, quantity) VALUES (?, ?, ?)", order, item, choices.nextInt(9) + 1);
            }
            case 5 -> row("order_lines", choices, l -> Change.insert(
                    "INSERT INTO shipments (id, order_id, item_id) VALUES (?, ?, ?)", id, l.get("order_id"), l.get("item_id")));
            // the parent's value exactly as InnoDB holds it, letter case included; a topic never used before, as
            // a freed key is not handed out again while its cascade may be pending (docs/divergences.md)
            case 6 -> Change.insert("INSERT INTO subscriptions (customer_email, topic) VALUES (?, ?)",
                    pick("customers", choices, "email"), (choices.nextBoolean() ? "news" : "Tips") + id);
            case 7 -> row("subscriptions", choices, s -> Change.insert(
                    "INSERT INTO deliveries (id, customer_email, topic) VALUES (?, ?, ?)", id, s.get("customer_email"), s.get("topic")));
            case 8 -> Change.insert("INSERT INTO categories (id, parent_id) VALUES (?, ?)", id,
                    choices.nextInt(4) > 0 ? pick("categories", choices, "id") : null);
            case 9 -> Change.insert("INSERT INTO items (id, name) VALUES (?, ?)", id, "item " + id);
            default -> Change.insert("INSERT INTO notes (id, order_id, customer_id) VALUES (?, ?, ?)", id,
                    choices.nextBoolean() ? pick("orders", choices, "id") : null,
                    choices.nextInt(3) > 0 ? pick("customers", choices, "id") : null);
        };
    }

    private static Change updateById(String table, String column, Object value, Map<String, Object> row) {
        return Change.touching(table, "id = ?", row.get("id"))
                .set("UPDATE `" + table + "` SET `" + column + "` = ? WHERE id = ?", value, row.get("id"));
    }

    private static Change updateSubscription(Map<String, Object> s, String topic) {
        return Change.touching("subscriptions", "customer_email = ? AND topic = ?", s.get("customer_email"), s.get("topic"))
                .set("UPDATE subscriptions SET topic = ? WHERE customer_email = ? AND topic = ?", topic,
                        s.get("customer_email"), s.get("topic"));
    }

    /** A change InnoDB cascades although the collation sees none. */
    private static String swapCase(String text) {
        return text.chars().mapToObj(c -> String.valueOf((char) (Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.toUpperCase(c)))).collect(Collectors.joining());
    }

    // ---- InnoDB's current state, in primary key order so that a seed always makes the same choices

    private Change row(String table, Random choices, RowChange change) {
        List<Map<String, Object>> rows = rows(table);
        return rows.isEmpty() ? null : change.of(rows.get(choices.nextInt(rows.size())));
    }

    /** A value of a random row of the table, or one no row holds (so InnoDB refuses it, now and then). */
    private Object pick(String table, Random choices, String column) {
        List<Map<String, Object>> rows = rows(table);
        if (rows.isEmpty() || choices.nextInt(20) == 0) {
            return column.equals("email") ? "nobody" + nextId++ + "@x.org" : -nextId++;
        }
        return rows.get(choices.nextInt(rows.size())).get(column);
    }

    private List<Object> someIds(String table, Random choices) {
        List<Map<String, Object>> rows = rows(table);
        List<Object> ids = new ArrayList<>();
        for (int n = Math.min(rows.size(), 2 + choices.nextInt(3)); n > 0; n--) {
            Object id = rows.get(choices.nextInt(rows.size())).get("id");
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private List<Map<String, Object>> rows(String table) {
        try {
            return innoDb.rows("SELECT * FROM `" + table + "` ORDER BY " + columns(catalog.primaryKey(table)));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read " + table + " on InnoDB", e);
        }
    }

    private static String marks(List<Object> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(", "));
    }

    private static String columns(List<String> columns) {
        return columns.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "));
    }

    private String lastSteps() {
        return String.join("\n", log.subList(Math.max(0, log.size() - 12), log.size()));
    }

    // ---- the binlog

    private String binlogEnd() throws SQLException {
        for (String status : List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS")) { // MySQL 8.4, then MariaDB
            try (Statement statement = ours.connection.createStatement(); ResultSet rs = statement.executeQuery(status)) {
                if (rs.next()) {
                    return rs.getString(1) + ":" + rs.getLong(2);
                }
            } catch (SQLException notThisServer) {
                // the other statement's server
            }
        }
        throw new IllegalStateException("the test server reports no binlog position");
    }

    /** Binlog files are numbered with leading zeros, so their names compare as their order. */
    private static boolean atOrPast(String position, String end) {
        int p = position.lastIndexOf(':');
        int e = end.lastIndexOf(':');
        int files = position.substring(0, p).compareTo(end.substring(0, e));
        return files > 0 || files == 0 && Long.parseLong(position.substring(p + 1)) >= Long.parseLong(end.substring(e + 1));
    }

    // ---- the statements and the two sides

    @FunctionalInterface
    private interface RowChange {
        Change of(Map<String, Object> row);
    }

    /**
     * A statement and its bound values; {@code targets} selects the rows it changes (null for an insert), which
     * must be alike on both sides when it is sent.
     */
    private record Change(String sql, List<Object> params, String table, String targets, List<Object> targetParams) {

        static Change insert(String sql, Object... params) {
            return new Change(sql, Arrays.asList(params), null, null, List.of());
        }

        static Change touching(String table, String where, Object... params) {
            return new Change(null, List.of(), table, "SELECT * FROM `" + table + "` WHERE " + where, Arrays.asList(params));
        }

        Change set(String statement, Object... values) {
            return new Change(statement, Arrays.asList(values), table, targets, targetParams);
        }

        @Override
        public String toString() {
            return sql + " " + params;
        }
    }

    /** One connection to one side, in transactions of its own, reading committed rows (and locking what it will change). */
    private record Side(String name, Connection connection) implements AutoCloseable {

        static Side open(String name, String url, dev.ricascade.testing.TestNamespace namespace) throws SQLException {
            Connection connection = DriverManager.getConnection(url, namespace.databaseServer().user(),
                    namespace.databaseServer().password());
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET SESSION innodb_lock_wait_timeout = 5");
            }
            return new Side(name, connection);
        }

        void execute(String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
            connection.commit();
        }

        void update(Change change) throws SQLException {
            try (PreparedStatement statement = prepare(change.sql(), change.params())) {
                statement.executeUpdate();
            }
        }

        List<Map<String, Object>> rows(String sql) throws SQLException {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement statement = prepare(sql, List.of()); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }

        /** Rows as text, every column's value as the driver returns it: the comparison is byte for byte. */
        List<String> dump(String sql, List<Object> params) throws SQLException {
            List<String> rows = new ArrayList<>();
            try (PreparedStatement statement = prepare(sql, params); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        Object value = rs.getObject(c);
                        row.append(c > 1 ? "|" : "").append(value instanceof byte[] bytes ? Arrays.toString(bytes) : value);
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }

        void commit() throws SQLException {
            connection.commit();
        }

        void rollback() throws SQLException {
            connection.rollback();
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }

        private PreparedStatement prepare(String sql, List<Object> params) throws SQLException {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            return statement;
        }
    }
}
