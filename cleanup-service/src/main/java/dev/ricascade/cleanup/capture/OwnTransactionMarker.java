package dev.ricascade.cleanup.capture;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The transaction manager of the cleanup service when a capture may follow its database: it writes a row into
 * {@code ri_capture_marker} first in each read-write transaction. The binlog then carries that row event at the
 * head of the transaction, on MySQL and MariaDB alike, and the capture skips the rest of the transaction: a
 * cascade's own deletes never come back as events. Each connection bumps its own slot, so concurrent
 * transactions never wait for one another's marker row.
 */
class OwnTransactionMarker extends JdbcTransactionManager {

    static final String TABLE = "ri_capture_marker";

    // always changes the row (a no-op update would log no row event); slots bound the table's size
    private static final String MARK = """
            INSERT INTO `ri_capture_marker` (`slot`, `transactions`) VALUES (CONNECTION_ID() % 4096, 1)
            ON DUPLICATE KEY UPDATE `transactions` = `transactions` + 1""";

    OwnTransactionMarker(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        if (!definition.isReadOnly()) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(MARK);
            }
        }
    }
}
