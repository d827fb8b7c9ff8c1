package dev.ricascade.cleanup.schema;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the cascades need to know of the live schema that the manifest does not say: each table's
 * primary key, read from INFORMATION_SCHEMA once per table and remembered.
 */
@Component
public class SchemaCatalog {

    private static final String PRIMARY_KEY = """
            SELECT COLUMN_NAME
            FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY ORDINAL_POSITION
            """;

    private final JdbcClient jdbc;
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();

    public SchemaCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The primary key columns of a table in the current database, in key order.
     *
     * @throws MissingPrimaryKeyException when the table has none (or does not exist)
     */
    public List<String> primaryKey(String table) {
        List<String> columns = primaryKeys.computeIfAbsent(table,
                t -> List.copyOf(jdbc.sql(PRIMARY_KEY).param(t).query(String.class).list()));
        if (columns.isEmpty()) {
            primaryKeys.remove(table);
            throw new MissingPrimaryKeyException(table);
        }
        return columns;
    }

    /** Forget what was read, for a schema that changed under a running service. */
    public void refresh() {
        primaryKeys.clear();
    }
}
