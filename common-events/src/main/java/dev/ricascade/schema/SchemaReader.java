package dev.ricascade.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reader of the live schema for both services: a table's columns (type, nullability, collation,
 * lengths and precision) and its primary and unique keys, from INFORMATION_SCHEMA.COLUMNS and
 * INFORMATION_SCHEMA.STATISTICS, one query each, in the connection's current database. Plain JDBC: the
 * caller passes the connection (its transaction's, where it has one) and caches what it needs.
 */
public final class SchemaReader {

    private static final String COLUMNS = """
            SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME,
                   CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION
            FROM INFORMATION_SCHEMA.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?
            ORDER BY ORDINAL_POSITION
            """;

    // the primary key is the unique index MySQL and MariaDB both name PRIMARY
    private static final String UNIQUE_KEYS = """
            SELECT INDEX_NAME, COLUMN_NAME
            FROM INFORMATION_SCHEMA.STATISTICS
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0
            ORDER BY INDEX_NAME, SEQ_IN_INDEX
            """;

    private static final String PRIMARY = "PRIMARY";

    /** The table of that name in the connection's current database; one with no columns if it does not exist. */
    public TableSchema read(Connection connection, String table) throws SQLException {
        Map<String, TableSchema.Column> columns = readColumns(connection, table);
        Map<String, List<String>> unique = new LinkedHashMap<>();
        List<String> expressions = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(UNIQUE_KEYS)) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String index = rs.getString(1);
                    String column = rs.getString(2);
                    if (column == null) {
                        expressions.add(index); // a functional key part: no column says what the index holds
                    }
                    unique.computeIfAbsent(index, k -> new ArrayList<>()).add(column);
                }
            }
        }
        expressions.forEach(unique::remove);
        List<String> primaryKey = unique.getOrDefault(PRIMARY, List.of());
        List<TableSchema.UniqueKey> uniqueKeys = unique.entrySet().stream()
                .map(e -> new TableSchema.UniqueKey(e.getKey(), e.getValue())).toList();
        return new TableSchema(table, columns, primaryKey, uniqueKeys);
    }

    private static Map<String, TableSchema.Column> readColumns(Connection connection, String table) throws SQLException {
        Map<String, TableSchema.Column> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, table);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    columns.put(name, new TableSchema.Column(name, rs.getString(2), rs.getString(3),
                            "YES".equals(rs.getString(4)), rs.getString(5), rs.getString(6), number(rs, 7), number(rs, 8),
                            number(rs, 9), number(rs, 10)));
                }
            }
        }
        return columns;
    }

    private static Long number(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
