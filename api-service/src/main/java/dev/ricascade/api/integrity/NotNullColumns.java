package dev.ricascade.api.integrity;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Which columns of each table are NOT NULL, read once per table from the live schema. */
@Component
class NotNullColumns {

    private static final String COLUMNS = """
            SELECT `COLUMN_NAME`, `IS_NULLABLE` FROM `information_schema`.`COLUMNS`
            WHERE `TABLE_SCHEMA` = DATABASE() AND `TABLE_NAME` = :table""";

    private final JdbcClient jdbc;
    private final Map<String, Set<String>> notNull = new ConcurrentHashMap<>();

    NotNullColumns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the column is declared NOT NULL; column names compare without letter case, as MySQL's do. */
    boolean isNotNull(String table, String column) {
        return notNull.computeIfAbsent(table, this::read).contains(column.toLowerCase(Locale.ROOT));
    }

    private Set<String> read(String table) {
        Map<String, Boolean> nullable = jdbc.sql(COLUMNS).param("table", table)
                .query((rs, i) -> Map.entry(rs.getString(1).toLowerCase(Locale.ROOT), "YES".equals(rs.getString(2))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (nullable.isEmpty()) {
            throw new IllegalStateException("table " + table + " of the relationship manifest does not exist in the database");
        }
        return nullable.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}
