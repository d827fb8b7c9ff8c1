package dev.ricascade.cleanup.schema;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the cascades need to know of the live schema that the manifest does not say: each table's
 * primary key and what each column can hold, read from INFORMATION_SCHEMA once per table and remembered.
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
            SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE, CHARACTER_MAXIMUM_LENGTH,
                   DATETIME_PRECISION
            FROM INFORMATION_SCHEMA.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
            """;

    private final JdbcClient jdbc;
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ColumnType>> columnTypes = new ConcurrentHashMap<>();

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
        Map<String, String> dataTypes = new HashMap<>();
        columns(table).forEach((column, type) -> dataTypes.put(column, type.dataType()));
        return Map.copyOf(dataTypes);
    }

    /** What each column can hold (type, sign, precision, length); empty for a table that does not exist. */
    public Map<String, ColumnType> columns(String table) {
        return columnTypes.computeIfAbsent(table, t -> {
            Map<String, ColumnType> types = new HashMap<>();
            jdbc.sql(COLUMN_TYPES).param(t).query(rs -> {
                types.put(rs.getString(1), new ColumnType(rs.getString(2), rs.getString(3), number(rs, 4), number(rs, 5),
                        number(rs, 6), number(rs, 7)));
            });
            return Map.copyOf(types);
        });
    }

    private static Long number(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** Forget what was read, for a schema that changed under a running service. */
    public void refresh() {
        primaryKeys.clear();
        columnTypes.clear();
    }
}
