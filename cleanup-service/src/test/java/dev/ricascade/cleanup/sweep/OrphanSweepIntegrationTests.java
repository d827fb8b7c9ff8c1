package dev.ricascade.cleanup.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.testing.TestServersConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The orphan sweep against a real server, on the schema {@code manifests/sweep.sql}: orphans are made
 * behind the services' backs, with plain SQL deletes, and the sweep runs with a clock the test moves.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "ricascade.manifest=classpath:manifests/sweep.yml", "ricascade.batch-size=3", "ricascade.sweep.chunk=4",
        "ricascade.sweep.cron=-", "ricascade.sweep.grace=10m"})
@Import({TestServersConfiguration.class, OrphanSweepIntegrationTests.TestClock.class})
@DirtiesContext
class OrphanSweepIntegrationTests {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private OrphanSweep sweep;

    @Autowired
    private SchemaCatalog catalog;

    @Autowired
    private MutableClock clock;

    @Autowired
    private MeterRegistry meters;

    @LocalServerPort
    private int port;

    @BeforeEach
    void recreateSchema() throws IOException {
        List<String> tables = jdbc.sql("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME NOT LIKE 'ri\\_%'").query(String.class).list();
        tables.forEach(t -> jdbc.sql("DROP TABLE `" + t + "`").update());
        String script = new ClassPathResource("manifests/sweep.sql").getContentAsString(StandardCharsets.UTF_8);
        Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(s -> jdbc.sql(s).update());
        catalog.refresh();
        jdbc.sql("DELETE FROM ri_sweep_sighting").update();
        releaseLock();
        clock.set(Instant.parse("2026-01-01T03:30:00Z"));
    }

    @Test
    void bothStrategiesFindTheOrphansMadeWithPlainDeletesAndADryRunChangesNothing() {
        seedShop();
        List<String> before = everything();

        SweepReport join = run(SweepStrategy.JOIN, false);
        SweepReport keyset = run(SweepStrategy.KEYSET, false);

        for (SweepReport report : List.of(join, keyset)) {
            assertThat(report.relationships()).extracting(RelationshipReport::relationship, RelationshipReport::orphans,
                    RelationshipReport::probablyNull, RelationshipReport::repaired, RelationshipReport::error).containsExactly(
                    tuple("orders_customer", 6L, 1L, 0L, null),
                    tuple("order_lines_order", 4L, 0L, 0L, null),
                    tuple("shipments_line", 1L, 1L, 0L, null),
                    tuple("notes_customer", 1L, 0L, 0L, null),
                    tuple("categories_parent", 2L, 0L, 0L, null));
            assertThat(report.relationship("orders_customer").sample()).extracting(OrphanRow::key).extracting(k -> k.get(0))
                    .map(Object::toString).containsExactly("2", "4", "7", "9", "12", "15");
            assertThat(report.relationship("orders_customer").probablyNullSample()).extracting(o -> o.key().get(0).toString())
                    .containsExactly("14");
            assertThat(report.relationship("shipments_line").sample()).extracting(o -> o.references().toString())
                    .containsExactly("[5, 3]");
            assertThat(report.relationship("order_lines_order").sample()).extracting(o -> o.key().toString())
                    .containsExactly("[1, 1]", "[1, 2]", "[3, 1]", "[3, 2]");
        }
        assertThat(everything()).isEqualTo(before);
        assertThat(meters.get("ricascade.sweep.orphans").tag("relationship", "orders_customer").gauge().value()).isEqualTo(6);
        assertThat(meters.get("ricascade.sweep.probably.null").tag("relationship", "shipments_line").gauge().value()).isEqualTo(1);
    }

    @Test
    void bothStrategiesAgreeOnRandomData() {
        long seed = Long.getLong("sweep.seed", System.nanoTime());
        System.out.println("bothStrategiesAgreeOnRandomData: seed " + seed + " (replay with -Dsweep.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int customer = 1; customer <= 30; customer++) {
            sql("INSERT INTO customers (id, name) VALUES (?, 'c')", customer);
        }
        for (int order = 1; order <= 120; order++) {
            sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)", order, random.nextInt(10) == 0 ? null : random.nextInt(34));
            for (int line = 1; line <= random.nextInt(3); line++) {
                sql("INSERT INTO order_lines (order_id, line_no) VALUES (?, ?)", order, line);
            }
        }
        for (int shipment = 1; shipment <= 60; shipment++) {
            sql("INSERT INTO shipments (id, order_id, line_no) VALUES (?, ?, ?)", shipment, 1 + random.nextInt(125),
                    random.nextInt(8) == 0 ? null : random.nextInt(4));
        }
        for (int category = 1; category <= 40; category++) {
            sql("INSERT INTO categories (id, parent_id) VALUES (?, ?)", category, category == 1 ? null : 1 + random.nextInt(45));
        }
        for (int i = 0; i < 8; i++) {
            sql("DELETE FROM customers WHERE id = ?", 1 + random.nextInt(30));
            sql("DELETE FROM orders WHERE id = ?", 1 + random.nextInt(120));
            sql("DELETE FROM categories WHERE id = ?", 2 + random.nextInt(39));
        }

        SweepReport join = run(SweepStrategy.JOIN, false);
        SweepReport keyset = run(SweepStrategy.KEYSET, false);

        assertThat(keyset.relationships()).extracting(RelationshipReport::relationship, RelationshipReport::orphans,
                RelationshipReport::probablyNull, r -> r.sample().toString(), r -> r.probablyNullSample().toString())
                .isEqualTo(join.relationships().stream().map(r -> tuple(r.relationship(), r.orphans(), r.probablyNull(),
                        r.sample().toString(), r.probablyNullSample().toString())).toList());
        assertThat(join.orphans()).isPositive();
    }

    @Test
    void repairAfterTheGracePeriodLeavesNoOrphansAndFollowsEachRelationshipsAction() {
        seedShop();
        SweepReport first = run(SweepStrategy.KEYSET, true);
        assertThat(first.relationships()).extracting(RelationshipReport::repaired).containsOnly(0L);
        assertThat(first.relationship("orders_customer").awaitingGrace()).isEqualTo(6);

        clock.advance(Duration.ofMinutes(11));
        SweepReport repair = run(SweepStrategy.JOIN, true);

        assertThat(repair.relationships()).extracting(RelationshipReport::relationship, RelationshipReport::repaired)
                .containsExactly(tuple("orders_customer", 6L), tuple("order_lines_order", 4L), tuple("shipments_line", 1L),
                        tuple("notes_customer", 0L), tuple("categories_parent", 3L));
        // cascade, bottom-up: the orphan orders went with their lines; a shipment of such a line was set to NULL
        assertThat(ids("orders")).containsExactly("5", "6", "8", "10", "11", "13", "14");
        assertThat(rows("SELECT order_id, line_no FROM order_lines ORDER BY order_id, line_no")).containsExactly(
                "5|1", "5|2", "6|1", "6|2", "8|1", "8|2", "10|1", "10|2", "11|1", "11|2");
        assertThat(rows("SELECT id, order_id, line_no FROM shipments ORDER BY id")).containsExactly(
                "1|5|1", "2|null|null", "3|null|null", "4|6|null", "5|null|null", "6|7|0", "7|null|null");
        // restrict only reports; the self-reference cascaded down the chain of categories
        assertThat(ids("notes")).containsExactly("1", "2");
        assertThat(ids("categories")).containsExactly("1");

        SweepReport after = run(SweepStrategy.KEYSET, false);
        assertThat(after.relationships()).extracting(RelationshipReport::relationship, RelationshipReport::orphans,
                RelationshipReport::probablyNull).containsExactly(tuple("orders_customer", 0L, 1L),
                tuple("order_lines_order", 0L, 0L), tuple("shipments_line", 0L, 1L), tuple("notes_customer", 1L, 0L),
                tuple("categories_parent", 0L, 0L));
    }

    @Test
    void repairLeavesAnInFlightCascadeAloneUntilItsGracePeriodIsOver() {
        sql("INSERT INTO customers (id, name) VALUES (1, 'ann'), (2, 'bob')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 2)");
        sql("DELETE FROM customers WHERE id = 1");
        run(SweepStrategy.JOIN, true);

        clock.advance(Duration.ofMinutes(11));
        // bob is deleted just now: his order looks exactly like an orphan while its cascade is on its way
        sql("DELETE FROM customers WHERE id = 2");
        SweepReport report = run(SweepStrategy.KEYSET, true);

        assertThat(report.relationship("orders_customer").orphans()).isEqualTo(3);
        assertThat(report.relationship("orders_customer").repaired()).isEqualTo(2);
        assertThat(report.relationship("orders_customer").awaitingGrace()).isEqualTo(1);
        assertThat(ids("orders")).containsExactly("3");
    }

    @Test
    void anOrphanWhoseParentCameBackIsForgottenAndItsGraceStartsAgain() {
        sql("INSERT INTO customers (id, name) VALUES (1, 'ann')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1)");
        sql("DELETE FROM customers WHERE id = 1");
        run(SweepStrategy.KEYSET, true);
        sql("INSERT INTO customers (id, name) VALUES (1, 'ann')");
        clock.advance(Duration.ofMinutes(6));
        assertThat(run(SweepStrategy.KEYSET, true).relationship("orders_customer").orphans()).isZero();

        sql("DELETE FROM customers WHERE id = 1");
        clock.advance(Duration.ofMinutes(6));
        SweepReport report = run(SweepStrategy.KEYSET, true);

        assertThat(report.relationship("orders_customer").repaired()).isZero();
        assertThat(ids("orders")).containsExactly("1");
    }

    @Test
    void sentinelZerosAreReportedApartAndNeverRepaired() {
        sql("INSERT INTO customers (id, name) VALUES (1, 'ann')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 0), (2, 1), (3, 0)");
        run(SweepStrategy.JOIN, true);
        clock.advance(Duration.ofHours(1));

        SweepReport report = run(SweepStrategy.JOIN, true);

        assertThat(report.relationship("orders_customer")).satisfies(r -> {
            assertThat(r.orphans()).isZero();
            assertThat(r.probablyNull()).isEqualTo(2);
            assertThat(r.probablyNullSample()).extracting(o -> o.key().get(0).toString()).containsExactly("1", "3");
            assertThat(r.repaired()).isZero();
        });
        assertThat(ids("orders")).containsExactly("1", "2", "3");
    }

    @Test
    void softDeletedParentsAreSweptWithTheirDependentsUnlessARestrictChildHoldsThem() {
        sql("INSERT INTO customers (id, name, is_deleted) VALUES (1, 'ann', 1), (2, 'bob', 1), (3, 'cy', 0)");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 3)");
        sql("INSERT INTO order_lines (order_id, line_no) VALUES (1, 1), (1, 2), (3, 1)");
        sql("INSERT INTO shipments (id, order_id, line_no) VALUES (1, 1, 1)");
        sql("INSERT INTO notes (id, customer_id) VALUES (1, 2)");
        List<String> before = everything();

        SoftDeleteReport dryRun = run(SweepStrategy.JOIN, false).softDelete("customers");
        assertThat(everything()).isEqualTo(before);
        assertThat(dryRun).extracting(SoftDeleteReport::flagged, SoftDeleteReport::blocked, SoftDeleteReport::purged)
                .containsExactly(2L, 1L, 0L);

        SoftDeleteReport purge = run(SweepStrategy.JOIN, true).softDelete("customers");

        assertThat(purge).extracting(SoftDeleteReport::flagged, SoftDeleteReport::blocked, SoftDeleteReport::purged)
                .containsExactly(2L, 1L, 1L);
        assertThat(purge.blockedSample()).extracting(k -> k.get(0).toString()).containsExactly("2");
        assertThat(ids("customers")).containsExactly("2", "3");
        assertThat(ids("orders")).containsExactly("3");
        assertThat(rows("SELECT order_id, line_no FROM order_lines")).containsExactly("3|1");
        assertThat(rows("SELECT id, order_id, line_no FROM shipments")).containsExactly("1|null|null");
    }

    @Test
    void twoSweepersStartedAtOnceDoNotBothRun() throws Exception {
        seedShop();
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Optional<SweepReport>>> sweepers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sweepers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return sweep.run(SweepStrategy.JOIN, false);
            }));
        }

        List<Optional<SweepReport>> results = List.of(sweepers.get(0).get(), sweepers.get(1).get());

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(results).filteredOn(Optional::isEmpty).hasSize(1);
        // the lock is held for a while after the run, so a replica whose clock is a little late does not run it again
        assertThat(sweep.run(SweepStrategy.KEYSET, false)).isEmpty();
        assertThat(rows("SELECT name FROM ri_shedlock")).containsExactly(OrphanSweep.LOCK_NAME);
    }

    @Test
    void theActuatorEndpointRunsASweepOnDemandAndShowsTheLastReport() throws Exception {
        seedShop();
        HttpClient http = HttpClient.newHttpClient();

        HttpResponse<String> ran = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/sweep"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"strategy\": \"keyset\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> last = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/sweep"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ran.statusCode()).isEqualTo(200);
        assertThat(ran.body()).contains("\"strategy\":\"KEYSET\"", "\"repair\":false", "\"relationship\":\"orders_customer\"",
                "\"orphans\":6", "\"probablyNull\":1");
        assertThat(last.body()).isEqualTo(ran.body());
    }

    @Test
    void aPostWithNeitherBodyNorContentTypeRunsASweepWithTheConfiguredSettings() throws Exception {
        seedShop();

        HttpResponse<String> ran = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/sweep")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(ran.statusCode()).isEqualTo(200);
        assertThat(ran.body()).contains("\"strategy\":\"JOIN\"", "\"repair\":false", "\"orphans\":6");
    }

    @Test
    void aSecondSweepWithinLockAtLeastForSaysWhenTheLastOneStartedAndWhenTheNextCan() throws Exception {
        sweep.run(SweepStrategy.JOIN, false).orElseThrow(); // the lock stays held for lock-at-least-for, 30 s

        String again = post("/actuator/sweep");

        assertThat(again).matches("\\{\"message\":\"skipped: the last sweep started [0-9]+ s ago on .+ and has finished; "
                + "sweeps start at least 30 s apart \\(ricascade.sweep.lock-at-least-for\\), so the next can start in "
                + "(2[0-9]|30) s\"}");
        assertThat(again).doesNotContain("another replica");

        // what a replica in the middle of a sweep leaves in the lock's row: held for lock-at-most-for, extended as it runs
        sql("UPDATE ri_shedlock SET locked_by = 'cleanup-7', locked_at = TIMESTAMPADD(SECOND, -12, UTC_TIMESTAMP(3)), "
                + "lock_until = TIMESTAMPADD(MINUTE, 5, UTC_TIMESTAMP(3))");
        assertThat(post("/actuator/sweep")).contains("skipped: a sweep is running on cleanup-7, started 12 s ago");
    }

    private String post(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /**
     * Customers 2 and 4, orders 1 and 3, order line (5, 3) and category 2 deleted with plain SQL; order 15
     * and category 5 reference rows that never were; order 14 and shipment 6 hold a 0 meaning "none".
     */
    private void seedShop() {
        sql("INSERT INTO customers (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
        for (int order = 1; order <= 12; order++) {
            sql("INSERT INTO orders (id, customer_id) VALUES (?, ?)", order, (order - 1) % 5 + 1);
            sql("INSERT INTO order_lines (order_id, line_no, sku) VALUES (?, 1, 'x'), (?, 2, 'y')", order, order);
        }
        sql("INSERT INTO orders (id, customer_id) VALUES (13, NULL), (14, 0), (15, 99)");
        sql("INSERT INTO shipments (id, order_id, line_no) VALUES (1, 5, 1), (2, 5, 3), (3, NULL, NULL), (4, 6, NULL), "
                + "(5, 1, 1), (6, 7, 0), (7, 2, 1)");
        sql("INSERT INTO notes (id, customer_id) VALUES (1, 1), (2, 2)");
        sql("INSERT INTO categories (id, parent_id) VALUES (1, NULL), (2, 1), (3, 2), (4, 3), (5, 50)");
        sql("DELETE FROM customers WHERE id IN (2, 4)");
        sql("DELETE FROM orders WHERE id IN (1, 3)");
        sql("DELETE FROM categories WHERE id = 2");
    }

    private SweepReport run(SweepStrategy strategy, boolean repair) {
        SweepReport report = sweep.run(strategy, repair).orElseThrow();
        releaseLock();
        return report;
    }

    /** The lock outlives a run by lock-at-least-for; the tests run the sweep again at once. */
    private void releaseLock() {
        jdbc.sql("UPDATE ri_shedlock SET lock_until = locked_at").update();
    }

    private void sql(String statement, Object... params) {
        jdbc.sql(statement).params(params).update();
    }

    private List<String> ids(String table) {
        return jdbc.sql("SELECT id FROM `" + table + "` ORDER BY id").query(String.class).list();
    }

    private List<String> rows(String query) {
        return jdbc.sql(query).query((rs, i) -> {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                row.append(c > 1 ? "|" : "").append(rs.getObject(c));
            }
            return row.toString();
        }).list();
    }

    private List<String> everything() {
        List<String> all = new ArrayList<>();
        for (String table : List.of("customers", "orders", "order_lines", "shipments", "notes", "categories")) {
            all.add(table);
            all.addAll(rows("SELECT * FROM `" + table + "` ORDER BY 1, 2"));
        }
        return all;
    }

    static final class MutableClock extends Clock {

        private volatile Instant now = Instant.now();

        void set(Instant instant) {
            now = instant;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        MutableClock sweepClock() {
            return new MutableClock();
        }
    }
}
