package dev.ricascade.cleanup.capture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * One capture at a time per database: a named lock of the server ({@code GET_LOCK}), held by a connection borrowed
 * from the pool for as long as this instance follows the binlog. The server releases it when that session ends,
 * also when the pod is killed, and a standby instance takes over from the stored position.
 */
final class CaptureLock implements AutoCloseable {

    private static final String ACQUIRE = "SELECT GET_LOCK(?, ?)";
    private static final String RELEASE = "SELECT RELEASE_LOCK(?)";

    private final Connection connection;
    private final String name;

    private CaptureLock(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /** Lock names are server-wide and at most 64 characters. */
    static String nameFor(String database, String capture) {
        String name = "ricascade.capture." + capture + "." + database;
        return name.length() <= 64 ? name : "ricascade.capture." + Integer.toHexString(name.hashCode());
    }

    /** The lock, or null when another instance held it for all of {@code waitSeconds}. */
    static CaptureLock tryAcquire(DataSource dataSource, String name, int waitSeconds) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(ACQUIRE)) {
            statement.setString(1, name);
            statement.setInt(2, waitSeconds);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getInt(1) == 1) {
                    return new CaptureLock(connection, name);
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        connection.close();
        return null;
    }

    String name() {
        return name;
    }

    /** Releases the lock before the connection goes back to its pool (a pooled session outlives close()). */
    @Override
    public void close() throws SQLException {
        try (connection; PreparedStatement statement = connection.prepareStatement(RELEASE)) {
            statement.setString(1, name);
            statement.execute();
        }
    }
}
