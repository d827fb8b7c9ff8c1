package dev.ricascade.cleanup.tooling;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.schema.SchemaReader;

/** What INFORMATION_SCHEMA says about one schema's tables ({@link SchemaReader}): columns with their types, and indexes. */
final class LiveSchema {

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
    static LiveSchema read(DataSource dataSource, String schema) {
        return new JdbcTemplate(dataSource).execute((ConnectionCallback<LiveSchema>) connection -> {
            String name = schema != null ? schema : required(currentDatabase(connection));
            LiveSchema live = new LiveSchema(name);
            new SchemaReader().readSchema(connection, name).forEach((table, read) -> {
                Map<String, Column> columns = live.columns.computeIfAbsent(table, t -> new LinkedHashMap<>());
                read.columns().values().forEach(c -> columns.put(c.name(), new Column(table, c.name(),
                        c.dataType().toLowerCase(Locale.ROOT), normalType(c.columnType()), c.nullable(), c.characterSet(),
                        c.collation())));
                live.indexes.put(table, read.indexes().stream()
                        .map(i -> new Index(table, i.name(), i.unique(), i.columns())).toList());
            });
            return live;
        });
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT DATABASE()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The schema named, or else the connection's current database. */
    static String schemaName(JdbcClient jdbc, String schema) {
        return schema != null ? schema
                : required(jdbc.sql("SELECT DATABASE()").query((rs, i) -> rs.getString(1)).list().get(0));
    }

    private static String required(String name) {
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
