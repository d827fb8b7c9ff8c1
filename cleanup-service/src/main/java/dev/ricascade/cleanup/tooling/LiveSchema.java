package dev.ricascade.cleanup.tooling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;

/** What INFORMATION_SCHEMA says about one schema's tables: columns with their types, and indexes. */
final class LiveSchema {

    private static final String COLUMNS = """
            SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, COLLATION_NAME
            FROM INFORMATION_SCHEMA.COLUMNS
            WHERE TABLE_SCHEMA = ?
            ORDER BY TABLE_NAME, ORDINAL_POSITION
            """;

    private static final String INDEXES = """
            SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME
            FROM INFORMATION_SCHEMA.STATISTICS
            WHERE TABLE_SCHEMA = ?
            ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
            """;

    /** MariaDB (and MySQL before 8.0.19) report integer display widths, {@code int(11)}; they mean nothing for a key. */
    private static final Pattern DISPLAY_WIDTH = Pattern.compile("^(tinyint|smallint|mediumint|int|integer|bigint)\\(\\d+\\)");

    /**
     * @param type the column type as a key compares it: lower case, integer display width dropped ({@code int unsigned})
     */
    record Column(String table, String name, String dataType, String type, boolean nullable, String charset,
                  String collation) {

        boolean isInteger() {
            return List.of("tinyint", "smallint", "mediumint", "int", "integer", "bigint").contains(dataType);
        }

        boolean isText() {
            return dataType.equals("char") || dataType.equals("varchar");
        }
    }

    record Index(String table, String name, boolean unique, List<String> columns) {

        boolean isPrimary() {
            return name.equals("PRIMARY");
        }
    }

    private final String schema;
    private final Map<String, Map<String, Column>> columns = new LinkedHashMap<>();
    private final Map<String, List<Index>> indexes = new LinkedHashMap<>();

    private LiveSchema(String schema) {
        this.schema = schema;
    }

    /** @param schema the schema to read, or null for the connection's current database */
    static LiveSchema read(JdbcClient jdbc, String schema) {
        String name = schemaName(jdbc, schema);
        LiveSchema live = new LiveSchema(name);
        jdbc.sql(COLUMNS).param(name).query((rs, i) -> new Column(rs.getString(1), rs.getString(2),
                        rs.getString(3).toLowerCase(Locale.ROOT), normalType(rs.getString(4)), "YES".equals(rs.getString(5)),
                        rs.getString(6), rs.getString(7))).list()
                .forEach(c -> live.columns.computeIfAbsent(c.table(), t -> new LinkedHashMap<>()).put(c.name(), c));
        Map<String, Index> byName = new LinkedHashMap<>();
        jdbc.sql(INDEXES).param(name).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4)}).list().forEach(row -> byName
                .computeIfAbsent(row[0] + "." + row[1], k -> new Index(row[0], row[1], "0".equals(row[2]), new ArrayList<>()))
                .columns().add(row[3]));
        byName.values().forEach(index -> live.indexes.computeIfAbsent(index.table(), t -> new ArrayList<>())
                .add(new Index(index.table(), index.name(), index.unique(), List.copyOf(index.columns()))));
        return live;
    }

    /** The schema named, or else the connection's current database. */
    static String schemaName(JdbcClient jdbc, String schema) {
        String name = schema != null ? schema : jdbc.sql("SELECT DATABASE()").query((rs, i) -> rs.getString(1)).list().get(0);
        if (name == null) {
            throw new IllegalArgumentException("no schema to read: name one with --schema=NAME or in the JDBC URL "
                    + "(jdbc:mysql://HOST:PORT/SCHEMA)");
        }
        return name;
    }

    static String normalType(String columnType) {
        return DISPLAY_WIDTH.matcher(columnType.toLowerCase(Locale.ROOT).strip()).replaceFirst("$1");
    }

    String name() {
        return schema;
    }

    boolean hasTable(String table) {
        return columns.containsKey(table);
    }

    Optional<Column> column(String table, String column) {
        return Optional.ofNullable(columns.getOrDefault(table, Map.of()).get(column));
    }

    List<Index> indexes(String table) {
        return indexes.getOrDefault(table, List.of());
    }

    boolean hasPrimaryKey(String table) {
        return indexes(table).stream().anyMatch(Index::isPrimary);
    }
}
