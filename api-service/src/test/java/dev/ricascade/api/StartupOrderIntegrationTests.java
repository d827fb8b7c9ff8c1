package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.testing.TestNamespace;

/**
 * Kubernetes starts pods in no particular order: the cleanup service may create its status tables in
 * the database before the API's first migration. The API must migrate all the same.
 */
@ApiIntegrationTest
@Import(StartupOrderIntegrationTests.CleanupServiceWasFirst.class)
class StartupOrderIntegrationTests {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void theApiMigratesADatabaseWhereTheCleanupServiceCreatedItsTablesFirst() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME IN ('ri_cascade_status', 'customers', 'ri_outbox')").query(Long.class).single())
                .isEqualTo(3);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class CleanupServiceWasFirst {

        /** Runs before the migration, because Flyway's configuration asks for it. */
        @Bean
        FlywayConfigurationCustomizer cleanupServiceTablesFirst(TestNamespace namespace) throws SQLException {
            try (Connection connection = namespace.connect()) {
                connection.createStatement().execute("CREATE TABLE ri_cascade_status (event_id VARCHAR(200) PRIMARY KEY)");
            }
            return configuration -> {
            };
        }
    }
}
