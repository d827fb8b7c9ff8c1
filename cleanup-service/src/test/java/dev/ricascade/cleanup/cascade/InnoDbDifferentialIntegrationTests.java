package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * InnoDB is the oracle: the same schema twice, once with the manifest's relationships declared as real
 * FOREIGN KEYs and once without; the same random deletes, key updates and inserts applied to both (to
 * the second through events and the cleanup service); after every step both databases must hold the
 * same rows. Where InnoDB refuses a step (RESTRICT, NO ACTION, a duplicate key, its cascade depth limit),
 * neither side takes it. Replay a failure with {@code -Ddifferential.seed=<seed printed>}.
 */
@TestPropertySource(properties = {"ricascade.manifest=classpath:manifests/differential.yml", "ricascade.batch-size=3"})
class InnoDbDifferentialIntegrationTests extends CleanupIntegrationTest {

    private static final int STEPS = 70;
    private static final List<String> TABLES = List.of("s1_customers", "s1_items", "s1_orders", "s1_order_lines",
            "s1_subscriptions", "s2_categories", "s2_products", "s2_employees", "s3_a", "s3_b", "s3_c", "s3_d", "s3_e");

    @Autowired
    private Manifest manifest;

    @Autowired
    private RelationshipGraph graph;

    @Autowired
    private SchemaCatalog catalog;

    private SingleConnectionDataSource innoDbSource;
    private JdbcClient innoDb;
    private Random random;
    private long seed;
    private int nextId = 10_000;
    private final List<String> log = new ArrayList<>();

    @Override
    protected String schemaResource() {
        return "manifests/differential.sql";
    }

    @BeforeEach
    void createTheDatabaseWithForeignKeys() throws Exception {
        String name = namespace.database() + "_fk";
        jdbc.sql("DROP DATABASE IF EXISTS `" + name + "`").update();
        namespace.createDatabase("fk");
        innoDbSource = new SingleConnectionDataSource(namespace.jdbcUrl(name), namespace.databaseServer().user(),
                namespace.databaseServer().password(), true);
        innoDb = JdbcClient.create(innoDbSource);
        String script = new org.springframework.core.io.ClassPathResource(schemaResource())
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        for (String statement : script.split(";")) {
            if (!statement.isBlank()) {
                innoDb.sql(statement).update();
            }
        }
        for (Relationship r : manifest.relationships()) {
            innoDb.sql("ALTER TABLE `" + r.child().table() + "` ADD CONSTRAINT `" + r.name() + "` FOREIGN KEY ("
                    + columns(r.child().columns()) + ") REFERENCES `" + r.parent().table() + "` ("
                    + columns(r.parent().columns()) + ") ON DELETE " + r.onDelete().sqlName() + " ON UPDATE "
                    + r.onUpdate().sqlName()).update();
        }
    }

    @AfterEach
    void closeTheComparisonDatabase() {
        innoDbSource.destroy();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 2L, 0L})
    void randomDeletesAndKeyUpdatesEndAsInnoDbLeavesThem(long fixedSeed) {
        seed = fixedSeed != 0 ? fixedSeed : Long.getLong("differential.seed", System.nanoTime());
        System.out.println("InnoDbDifferentialIntegrationTests seed " + seed + " (replay with -Ddifferential.seed=" + seed + ")");
        random = new Random(seed);
        populate();
        assertSameContents("after loading");
        int applied = 0;
        for (int step = 1; step <= STEPS; step++) {
            if (step()) {
                applied++;
            }
            assertSameContents("after step " + step);
        }
        assertThat(applied).as("steps InnoDB accepted, seed " + seed).isGreaterThan(STEPS / 4);
    }

    // ---- data

    private void populate() {
        for (int i = 1; i <= 6; i++) {
            both("INSERT INTO s1_items (id, name) VALUES (?, ?)", i, "item" + i);
        }
        for (int i = 1; i <= 12; i++) {
            both("INSERT INTO s1_customers (id, email, referred_by) VALUES (?, ?, ?)", i, "c" + i + "@x.org",
                    i > 1 && random.nextBoolean() ? (long) random.nextInt(i - 1) + 1 : null);
        }
        for (int i = 1; i <= 30; i++) {
            both("INSERT INTO s1_orders (id, customer_id) VALUES (?, ?)", i, random.nextInt(12) + 1);
            Set<Integer> items = new LinkedHashSet<>();
            for (int j = random.nextInt(4); j > 0; j--) {
                items.add(random.nextInt(6) + 1);
            }
            for (int item : items) {
                both("INSERT INTO s1_order_lines (order_id, item_id, quantity) VALUES (?, ?, ?)", i, item, j());
            }
        }
        for (int i = 1; i <= 20; i++) {
            both("INSERT INTO s1_subscriptions (id, email, topic) VALUES (?, ?, ?)", i, "c" + (random.nextInt(12) + 1) + "@x.org",
                    "t" + random.nextInt(3));
        }
        for (int i = 1; i <= 30; i++) {
            both("INSERT INTO s2_categories (id, parent_id) VALUES (?, ?)", i,
                    i > 3 && random.nextInt(5) > 0 ? (long) random.nextInt(i - 1) + 1 : null);
            both("INSERT INTO s2_products (id, category_id) VALUES (?, ?)", i, random.nextInt(4) > 0 ? (long) random.nextInt(i) + 1 : null);
        }
        for (int i = 1; i <= 20; i++) {
            both("INSERT INTO s2_employees (id, manager_id) VALUES (?, ?)", i, i > 1 && random.nextInt(4) > 0
                    ? (long) random.nextInt(i - 1) + 1 : null);
        }
        for (int i = 1; i <= 8; i++) {
            both("INSERT INTO s3_a (id, code) VALUES (?, ?)", i, "A" + i);
        }
        for (int i = 1; i <= 20; i++) {
            String code = random.nextInt(6) > 0 ? "A" + (random.nextInt(8) + 1) : null;
            both("INSERT INTO s3_b (id, a_code, b_no) VALUES (?, ?, ?)", i, code, i);
        }
        for (int i = 1; i <= 20; i++) {
            Map<String, Object> b = innoDb.sql("SELECT a_code, b_no FROM s3_b WHERE id = ?").param(random.nextInt(20) + 1)
                    .query().singleRow();
            boolean linked = random.nextInt(4) > 0 && b.get("a_code") != null;
            both("INSERT INTO s3_c (id, a_code, b_no) VALUES (?, ?, ?)", i, linked ? b.get("a_code") : null,
                    linked ? b.get("b_no") : null);
        }
        for (int i = 1; i <= 20; i++) {
            both("INSERT INTO s3_d (id, a_id, c_id) VALUES (?, ?, ?)", i, random.nextInt(3) > 0 ? (long) random.nextInt(8) + 1 : null,
                    random.nextInt(3) > 0 ? (long) random.nextInt(20) + 1 : null);
        }
        for (int i = 1; i <= 4; i++) {
            both("INSERT INTO s3_e (id, c_id) VALUES (?, ?)", i, (long) random.nextInt(20) + 1);
        }
    }

    private int j() {
        return random.nextInt(9) + 1;
    }

    // ---- steps

    /** One random step; true when InnoDB accepted it (and so both sides took it). */
    private boolean step() {
        int kind = random.nextInt(13);
        return switch (kind) {
            case 0, 1 -> delete("s1_customers");
            case 2 -> delete(random.nextBoolean() ? "s1_orders" : "s1_items");
            case 3 -> delete("s2_categories");
            case 4 -> delete("s2_employees");
            case 5 -> delete(random.nextBoolean() ? "s3_a" : random.nextBoolean() ? "s3_b" : "s3_c");
            case 6 -> update("s1_customers", "email", "n" + nextId++ + "@x.org");
            case 7 -> update("s3_a", "code", "A" + nextId++);
            case 8 -> update("s3_b", "b_no", random.nextInt(30));
            case 9 -> update(random.nextBoolean() ? "s1_customers" : "s3_c", "id", (long) nextId++);
            case 10 -> update("s1_customers", "email", row -> swapCase((String) row.get("email")));
            default -> insertChild();
        };
    }

    private boolean delete(String table) {
        Map<String, Object> row = randomRow(table);
        if (row == null) {
            return false;
        }
        Object id = row.get("id");
        if (!onInnoDb("DELETE FROM `" + table + "` WHERE id = ?", id)) {
            return false;
        }
        sql("DELETE FROM `" + table + "` WHERE id = ?", id);
        log.add("delete " + table + " " + row);
        awaitDone(publish(ChangeEvent.deleted(java.util.UUID.randomUUID().toString(), table, key(table, row), null)));
        return true;
    }

    private boolean update(String table, String column, Object value) {
        return update(table, column, row -> value);
    }

    /** A change InnoDB cascades although the collation sees none. */
    private static String swapCase(String text) {
        return text.chars().mapToObj(c -> String.valueOf((char) (Character.isUpperCase(c) ? Character.toLowerCase(c)
                : Character.toUpperCase(c)))).collect(java.util.stream.Collectors.joining());
    }

    private boolean update(String table, String column, java.util.function.Function<Map<String, Object>, Object> newValue) {
        Map<String, Object> row = randomRow(table);
        if (row == null) {
            return false;
        }
        Object value = newValue.apply(row);
        Object id = row.get("id");
        if (!onInnoDb("UPDATE `" + table + "` SET `" + column + "` = ? WHERE id = ?", value, id)) {
            return false;
        }
        sql("UPDATE `" + table + "` SET `" + column + "` = ? WHERE id = ?", value, id);
        log.add("update " + table + " " + row + " set " + column + " = " + value);
        awaitDone(publish(ChangeEvent.updated(java.util.UUID.randomUUID().toString(), table, key(table, row),
                Map.of(column, value), null)));
        return true;
    }

    /** New children keep the relationships busy; InnoDB refuses those whose parent is gone, and so do we. */
    private boolean insertChild() {
        long id = nextId++;
        return switch (random.nextInt(4)) {
            case 0 -> insert("INSERT INTO s1_orders (id, customer_id) VALUES (?, ?)", id, (long) random.nextInt(14) + 1);
            case 1 -> insert("INSERT INTO s2_categories (id, parent_id) VALUES (?, ?)", id, (long) random.nextInt(32) + 1);
            case 2 -> insert("INSERT INTO s1_subscriptions (id, email, topic) VALUES (?, ?, 't')", id,
                    "c" + (random.nextInt(14) + 1) + "@x.org");
            default -> insert("INSERT INTO s3_d (id, a_id, c_id) VALUES (?, ?, ?)", id, (long) random.nextInt(9) + 1,
                    (long) random.nextInt(22) + 1);
        };
    }

    private boolean insert(String statement, Object... params) {
        if (!onInnoDb(statement, params)) {
            return false;
        }
        sql(statement, params);
        log.add(statement + " " + List.of(params));
        return true;
    }

    /** The event's key: the row's primary key and every column a relationship references, before the change. */
    private Map<String, Object> key(String table, Map<String, Object> row) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : catalog.primaryKey(table)) {
            key.put(column, row.get(column));
        }
        for (String column : graph.referencedColumns(table)) {
            if (row.get(column) != null) {
                key.put(column, row.get(column));
            }
        }
        return key;
    }

    private Map<String, Object> randomRow(String table) {
        List<Map<String, Object>> rows = innoDb.sql("SELECT * FROM `" + table + "` ORDER BY id").query().listOfRows();
        return rows.isEmpty() ? null : rows.get(random.nextInt(rows.size()));
    }

    private boolean onInnoDb(String statement, Object... params) {
        try {
            innoDb.sql(statement).params(params).update();
            return true;
        } catch (DataAccessException refused) {
            return false;
        }
    }

    private void both(String statement, Object... params) {
        innoDb.sql(statement).params(params).update();
        sql(statement, params);
    }

    // ---- comparison

    private void assertSameContents(String when) {
        for (String table : TABLES) {
            String query = "SELECT * FROM `" + table + "` ORDER BY " + columns(catalog.primaryKey(table));
            List<String> expected = dump(innoDb, query);
            List<String> actual = dump(jdbc, query);
            assertThat(actual).as("%s %s, seed %d; steps so far:%n%s", table, when, seed, String.join("\n", tail(log)))
                    .isEqualTo(expected);
        }
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 8), lines.size());
    }

    private static List<String> dump(JdbcClient client, String query) {
        return client.sql(query).query((rs, i) -> {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.append(c > 1 ? "|" : "").append(rs.getObject(c));
            }
            return row.toString();
        }).list();
    }

    private static String columns(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "`" + c + "`").toList());
    }

    @Override
    protected String awaitFinished(String eventId) {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> jdbc.sql(
                        "SELECT state FROM ri_cascade_status WHERE event_id = ? AND state <> 'running'")
                .param(eventId).query(String.class).optional().orElse(null), state -> state != null);
    }
}
