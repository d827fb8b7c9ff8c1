package dev.ricascade.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import dev.ricascade.testing.TestNamespace;
import dev.ricascade.testing.TestServersConfiguration;

/**
 * An installation upgraded from a version that created the service's tables from Java: the database holds the
 * application's tables, the API's Flyway history and an {@code ri_cascade_status} without its {@code event} column.
 * The service baselines its own history below V1, keeps what is there and adds what is missing.
 */
@SpringBootTest(properties = "ricascade.manifest=classpath:manifests/shop.yml")
@Import({TestServersConfiguration.class, OwnTablesMigrationIntegrationTests.EarlierVersionWasHere.class})
@DirtiesContext
class OwnTablesMigrationIntegrationTests {

    private static final String OWN_TABLES = "'ri_cascade_status', 'ri_cascade_rows', 'ri_sweep_sighting', 'ri_shedlock', "
            + "'ri_cleanup_member', 'ri_cleanup_shard', 'ri_capture_position', 'ri_capture_marker'";

    @Autowired
    private JdbcClient jdbc;

    @Test
    void anUpgradedInstallationKeepsItsRowsGainsTheMissingColumnAndLeavesTheApisHistoryAlone() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ("
                + OWN_TABLES + ")").query(Long.class).single()).as("the service's tables").isEqualTo(8);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME = 'ri_cascade_status' AND COLUMN_NAME = 'event'").query(Long.class).single())
                .as("the column V2 adds where missing").isEqualTo(1);
        assertThat(jdbc.sql("SELECT CONCAT(event_id, '|', state, '|', COALESCE(event, '-')) FROM ri_cascade_status")
                .query(String.class).list()).as("the earlier version's status rows").containsExactly("e-1|done|-");
        assertThat(jdbc.sql("SELECT CONCAT(version, '|', type, '|', success) FROM ri_cleanup_schema_history "
                + "ORDER BY installed_rank").query(String.class).list())
                .as("the service's own history: a baseline below V1, then every script")
                .containsExactly("0|BASELINE|1", "1|SQL|1", "2|SQL|1");
        assertThat(jdbc.sql("SELECT CONCAT(installed_rank, '|', version) FROM flyway_schema_history").query(String.class).list())
                .as("the API's history, untouched").containsExactly("1|1");
        // what the service writes runs on the upgraded table
        jdbc.sql("INSERT INTO ri_cascade_status (event_id, entity, action, state, event) VALUES ('e-2', 'customers', "
                + "'deleted', 'running', '{}')").update();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class EarlierVersionWasHere {

        /** Runs before the migration, because Flyway's configuration asks for it. */
        @Bean
        FlywayConfigurationCustomizer tablesOfAnEarlierVersion(TestNamespace namespace) throws SQLException {
            try (Connection connection = namespace.connect(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY)");
                statement.execute("CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50))");
                statement.execute("INSERT INTO flyway_schema_history VALUES (1, '1')");
                // ri_cascade_status as the first releases created it, before its event column
                statement.execute("""
                        CREATE TABLE ri_cascade_status (
                            event_id VARCHAR(200) NOT NULL PRIMARY KEY,
                            entity VARCHAR(64) NOT NULL,
                            action VARCHAR(16) NOT NULL,
                            state VARCHAR(16) NOT NULL,
                            detail VARCHAR(1000) NULL,
                            started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                            finished_at TIMESTAMP(3) NULL
                        )""");
                statement.execute("INSERT INTO ri_cascade_status (event_id, entity, action, state) "
                        + "VALUES ('e-1', 'customers', 'deleted', 'done')");
                statement.execute("CREATE TABLE ri_shedlock (name VARCHAR(64) NOT NULL PRIMARY KEY, "
                        + "lock_until TIMESTAMP(3) NOT NULL, locked_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), "
                        + "locked_by VARCHAR(255) NOT NULL)");
            }
            return configuration -> {
            };
        }
    }
}
