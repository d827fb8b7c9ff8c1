package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The UNIQUE keys (the primary key included) of each table, read once from the live schema. */
@Component
class UniqueKeys {

    private static final String UNIQUE_KEYS = """
            SELECT `INDEX_NAME`, `COLUMN_NAME` FROM `information_schema`.`STATISTICS`
            WHERE `TABLE_SCHEMA` = DATABASE() AND `TABLE_NAME` = :table AND `NON_UNIQUE` = 0
            ORDER BY `INDEX_NAME`, `SEQ_IN_INDEX`""";

    /** @param columns in index order */
    record UniqueKey(String name, List<String> columns) {
    }

    private final JdbcClient jdbc;
    private final Map<String, List<UniqueKey>> keys = new ConcurrentHashMap<>();

    UniqueKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<UniqueKey> of(String table) {
        return keys.computeIfAbsent(table, t -> {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            jdbc.sql(UNIQUE_KEYS).param("table", t)
                    .query((rs, n) -> columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2)))
                    .list();
            return columns.entrySet().stream().map(e -> new UniqueKey(e.getKey(), List.copyOf(e.getValue()))).toList();
        });
    }
}
