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
 * The one reader of the live schema for both services and the manifest tools: tables' columns (type,
 * nullability, collation, lengths and precision) and indexes (the primary key and unique keys among
 * them), from INFORMATION_SCHEMA.COLUMNS and INFORMATION_SCHEMA.STATISTICS, one query each. Plain JDBC:
 * the caller passes the connection (its transaction's, where it has one); {@link SchemaCache} remembers what the
 * services read.
 */
public final class SchemaReader {

    private static final String COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME,
                   CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION
            FROM INFORMATION_SCHEMA.COLUMNS
            WHERE %s
            ORDER BY TABLE_NAME, ORDINAL_POSITION
            """;

    private static final String INDEXES = """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
            FROM INFORMATION_SCHEMA.STATISTICS
            WHERE %s
            ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """;

    private static final String ONE_TABLE = "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?";
    private static final String WHOLE_SCHEMA = "TABLE_SCHEMA = ?";

    /** The table of that name in the connection's current database; one with no columns if it does not exist. */
    public TableSchema read(Connection connection, String table) throws SQLException {
        Map<String, TableSchema> found = tables(connection, ONE_TABLE, table);
        return found.values().stream().findFirst()
                .map(t -> new TableSchema(table, t.columns(), t.indexes()))
                .orElseGet(() -> new TableSchema(table, Map.of(), List.of()));
    }

    /** Every table of the named schema, by name in name order. */
    public Map<String, TableSchema> readSchema(Connection connection, String schema) throws SQLException {
        return tables(connection, WHOLE_SCHEMA, schema);
    }

    private static Map<String, TableSchema> tables(Connection connection, String where, String name) throws SQLException {
        Map<String, Map<String, TableSchema.Column>> columns = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS.formatted(where))) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(2);
                    columns.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>()).put(column, new TableSchema.Column(
                            column, rs.getString(3), rs.getString(4), "YES".equals(rs.getString(5)), rs.getString(6),
                            rs.getString(7), number(rs, 8), number(rs, 9), number(rs, 10), number(rs, 11)));
                }
            }
        }
        Map<String, Map<String, IndexRows>> indexes = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(INDEXES.formatted(where))) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    boolean unique = rs.getInt(3) == 0;
                    indexes.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), i -> new IndexRows(unique))
                            .add(rs.getString(4));
                }
            }
        }
        Map<String, TableSchema> tables = new LinkedHashMap<>();
        columns.forEach((table, tableColumns) -> tables.put(table, new TableSchema(table, tableColumns,
                indexes.getOrDefault(table, Map.of()).entrySet().stream()
                        .filter(e -> !e.getValue().hasExpression())
                        .map(e -> new TableSchema.Index(e.getKey(), e.getValue().unique, e.getValue().columns))
                        .toList())));
        return tables;
    }

    /** The rows of one index; a null COLUMN_NAME is a functional key part, which no column stands for. */
    private static final class IndexRows {

        private final boolean unique;
        private final List<String> columns = new ArrayList<>();
        private boolean expression;

        IndexRows(boolean unique) {
            this.unique = unique;
        }

        void add(String column) {
            if (column == null) {
                expression = true;
            } else {
                columns.add(column);
            }
        }

        boolean hasExpression() {
            return expression;
        }
    }

    private static Long number(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
