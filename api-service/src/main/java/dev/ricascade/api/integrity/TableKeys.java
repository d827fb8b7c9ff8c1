package dev.ricascade.api.integrity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The primary key columns of each table, read once from the live schema. */
@Component
public class TableKeys {

    private static final String PRIMARY_KEY = """
            SELECT `COLUMN_NAME` FROM `information_schema`.`STATISTICS`
            WHERE `TABLE_SCHEMA` = DATABASE() AND `TABLE_NAME` = :table AND `INDEX_NAME` = 'PRIMARY'
            ORDER BY `SEQ_IN_INDEX`""";

    private final JdbcClient jdbc;
    private final Map<String, List<String>> primaryKeys = new ConcurrentHashMap<>();

    TableKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<String> primaryKey(String table) {
        return primaryKeys.computeIfAbsent(table, t -> {
            List<String> columns = jdbc.sql(PRIMARY_KEY).param("table", t).query(String.class).list();
            if (columns.isEmpty()) {
                throw new IllegalStateException("table " + t + " has no primary key (or does not exist)");
            }
            return List.copyOf(columns);
        });
    }
}
