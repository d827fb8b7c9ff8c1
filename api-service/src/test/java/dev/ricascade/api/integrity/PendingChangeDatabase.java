package dev.ricascade.api.integrity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ricascade.testing.TestNamespace;

/**
 * A database of a test class's own with the tables it names and the API's {@code ri_pending_change}, for the tests
 * that record pending changes by hand and call one check directly, as an API write would after writing a row.
 */
final class PendingChangeDatabase implements AutoCloseable {

    private final TestNamespace namespace = TestNamespace.create();
    private final DataSource dataSource = new DriverManagerDataSource(namespace.jdbcUrl(),
            namespace.databaseServer().user(), namespace.databaseServer().password());
    private final JdbcClient jdbc = JdbcClient.create(dataSource);
    private final TransactionTemplate transaction =
            new TransactionTemplate(new DataSourceTransactionManager(dataSource));

    /** @param tables {@code CREATE TABLE} without its first two words */
    PendingChangeDatabase(List<String> tables) {
        tables.forEach(table -> jdbc.sql("CREATE TABLE " + table).update());
        jdbc.sql(pendingChangeMigration()).update();
    }

    DataSource dataSource() {
        return dataSource;
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    /** Runs the work in a transaction, as the API does. */
    void inTransaction(Runnable work) {
        transaction.executeWithoutResult(status -> work.run());
    }

    /** Runs the write and its check in a transaction, and rolls it back whatever happened. */
    void rolledBack(Runnable work) {
        transaction.executeWithoutResult(status -> {
            try {
                work.run();
            } finally {
                status.setRollbackOnly();
            }
        });
    }

    @Override
    public void close() {
        namespace.close();
    }

    private static String pendingChangeMigration() {
        try {
            return new ClassPathResource("db/migration/V4__pending_changes.sql")
                    .getContentAsString(StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
