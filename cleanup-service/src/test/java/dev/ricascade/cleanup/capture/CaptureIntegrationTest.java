package dev.ricascade.cleanup.capture;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.testing.TestNamespace;

/**
 * The cleanup service with the capture role on, against the test server that writes a binlog, with the test
 * manifest {@code manifests/shop.yml} and its schema recreated before each test. Changes are made as another
 * application would make them: plain SQL on a connection of its own.
 */
@SpringBootTest(properties = {"ricascade.manifest=classpath:manifests/shop.yml", "ricascade.batch-size=500",
        "ricascade.capture.enabled=true", "ricascade.capture.retry-interval=200ms", "ricascade.retry.initial-interval=50ms"})
@Import(CaptureTestServers.class)
@DirtiesContext
abstract class CaptureIntegrationTest {

    protected static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TestNamespace namespace;

    @Autowired
    private SchemaCatalog catalog;

    @BeforeEach
    void recreateSchemaAndAwaitTheCapture() throws IOException {
        List<String> tables = jdbc.sql("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME NOT LIKE 'ri\\_%'").query(String.class).list();
        tables.forEach(t -> jdbc.sql("DROP TABLE `" + t + "`").update());
        String script = new ClassPathResource("manifests/shop.sql").getContentAsString(StandardCharsets.UTF_8);
        Arrays.stream(script.split(";")).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(statement -> jdbc.sql(statement).update());
        catalog.refresh();
        await("the capture's first position").atMost(PATIENCE).until(() -> position().isPresent());
    }

    /** Runs statements as another application would: its own connection, autocommit, no marker. */
    protected void asAnotherApplication(String... statements) {
        try (Connection connection = DriverManager.getConnection(namespace.jdbcUrl(),
                namespace.databaseServer().user(), namespace.databaseServer().password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + Arrays.toString(statements), e);
        }
    }

    protected long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM `" + table + "`").query(Long.class).single();
    }

    protected long eventsPublished() {
        return jdbc.sql("SELECT COALESCE(SUM(events_published), 0) FROM ri_capture_position").query(Long.class).single();
    }

    protected java.util.Optional<String> position() {
        return jdbc.sql("SELECT CONCAT(binlog_file, ':', binlog_position) FROM ri_capture_position")
                .query(String.class).optional();
    }

    protected void awaitEventsPublished(long total) {
        await("events published: " + total).atMost(PATIENCE).until(this::eventsPublished, n -> n >= total);
    }
}
