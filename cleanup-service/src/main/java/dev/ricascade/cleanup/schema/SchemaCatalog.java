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

    private static final String COLUMN_TYPES = """
            SELECT COLUMN_NAME, DATA_TYPE
            FROM INFORMATION_SCHEMA.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
            """;

    private final JdbcClient jdbc;
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> columnTypes = new ConcurrentHashMap<>();

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

    /** Each column's DATA_TYPE in lower case (int, bigint, varchar…); empty for a table that does not exist. */
    public Map<String, String> columnTypes(String table) {
        return columnTypes.computeIfAbsent(table, t -> Map.copyOf(jdbc.sql(COLUMN_TYPES).param(t).query(
                (rs, i) -> Map.entry(rs.getString(1), rs.getString(2).toLowerCase(java.util.Locale.ROOT))).list()
                .stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }

    /** Forget what was read, for a schema that changed under a running service. */
    public void refresh() {
        primaryKeys.clear();
        columnTypes.clear();
    }
}
