package dev.ricascade.cleanup.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import dev.ricascade.testing.TestNamespace;

/**
 * The capture runs as its own process (the packaged service, capture role only) and is killed with
 * {@code kill -9} while another application deletes customers one by one. After a restart, every delete has
 * cascaded, each exactly under one event id: the replayed events carried the ids they had before the kill.
 * The cleanup service consuming the events runs in this JVM.
 */
@SpringBootTest(properties = {"ricascade.manifest=classpath:manifests/shop.yml", "ricascade.retry.initial-interval=50ms"})
@Import(CaptureTestServers.class)
@DirtiesContext
class CaptureKilledIntegrationTests {

    private static final int CUSTOMERS = 300;
    private static final String MANIFEST = "file:" + Path.of("target/test-classes/manifests/shop.yml").toAbsolutePath();

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private TestNamespace namespace;

    @Test
    void aCaptureKilledInTheMiddleOfAStreamOfDeletesLosesNoneAndLeavesNoOrphan() throws Exception {
        createSchemaWithCustomers();
        AtomicInteger deleted = new AtomicInteger();
        ScheduledExecutorService deleter = Executors.newSingleThreadScheduledExecutor();
        try (Connection app = DriverManager.getConnection(namespace.jdbcUrl(), namespace.databaseServer().user(),
                namespace.databaseServer().password());
             PreparedStatement delete = app.prepareStatement("DELETE FROM customers WHERE id = ?")) {
            CaptureProcess first = CaptureProcess.start(namespace, MANIFEST, 1)
                    .awaitUntil("the first capture's position", () -> positions() > 0);
            deleter.scheduleAtFixedRate(() -> {
                int id = deleted.incrementAndGet();
                if (id > CUSTOMERS) {
                    throw new IllegalStateException("done"); // ends the schedule
                }
                try {
                    delete.setInt(1, id);
                    delete.executeUpdate();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 10, TimeUnit.MILLISECONDS);

            first.awaitUntil("some events published", () -> eventsPublished() >= 60);
            first.kill();
            int deletedAtKill = Math.min(deleted.get(), CUSTOMERS);
            System.out.println("capture killed after " + deletedAtKill + " deletes, " + eventsPublished()
                    + " events stored as published");
            assertThat(deletedAtKill).as("killed in the middle of the stream").isLessThan(CUSTOMERS);

            try (CaptureProcess second = CaptureProcess.start(namespace, MANIFEST, 2)) {
                await("all deletes made").atMost(Duration.ofSeconds(60)).until(() -> deleted.get() > CUSTOMERS);
                await("every cascade done").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            assertThat(count("customers")).isZero();
                            assertThat(count("orders")).isZero();
                            assertThat(count("order_lines")).isZero();
                            assertThat(jdbc.sql("SELECT COUNT(*) FROM ri_cascade_status WHERE entity = 'customers' "
                                    + "AND state = 'done'").query(Long.class).single()).isEqualTo(CUSTOMERS);
                        });
            }
        } finally {
            deleter.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ri_cascade_status WHERE entity = 'customers'").query(Long.class).single())
                .as("one event id per deleted customer, replays included").isEqualTo(CUSTOMERS);
    }

    private void createSchemaWithCustomers() throws Exception {
        String script = new ClassPathResource("manifests/shop.sql").getContentAsString(StandardCharsets.UTF_8);
        Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(statement -> jdbc.sql(statement).update());
        jdbc.sql("INSERT INTO items (id, name) VALUES (1, 'tea')").update();
        jdbc.sql("INSERT INTO customers (id, email) VALUES " + IntStream.rangeClosed(1, CUSTOMERS)
                .mapToObj(i -> "(" + i + ", 'c" + i + "@example.com')").collect(Collectors.joining(", "))).update();
        jdbc.sql("INSERT INTO orders (id, customer_id) VALUES " + IntStream.range(0, CUSTOMERS * 3)
                .mapToObj(i -> "(" + (1_000 + i) + ", " + (i / 3 + 1) + ")").collect(Collectors.joining(", "))).update();
        jdbc.sql("INSERT INTO order_lines (order_id, item_id, quantity) SELECT id, 1, 1 FROM orders").update();
    }

    private long positions() {
        return jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = 'ri_capture_position'").query(Long.class).single() == 0 ? 0
                : jdbc.sql("SELECT COUNT(*) FROM ri_capture_position").query(Long.class).single();
    }

    private long eventsPublished() {
        return jdbc.sql("SELECT COALESCE(SUM(events_published), 0) FROM ri_capture_position").query(Long.class).single();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM `" + table + "`").query(Long.class).single();
    }
}
