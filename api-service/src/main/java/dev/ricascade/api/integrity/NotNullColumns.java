package dev.ricascade.api.integrity;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.ricascade.schema.TableSchema;

/** Which columns of each table are NOT NULL, read once per table from the live schema. */
@Component
class NotNullColumns {

    private final LiveTables tables;
    private final Map<String, Set<String>> notNull = new ConcurrentHashMap<>();

    NotNullColumns(LiveTables tables) {
        this.tables = tables;
    }

    /** Whether the column is declared NOT NULL; column names compare without letter case, as MySQL's do. */
    boolean isNotNull(String table, String column) {
        return notNull.computeIfAbsent(table, this::read).contains(column.toLowerCase(Locale.ROOT));
    }

    private Set<String> read(String table) {
        TableSchema schema = tables.table(table);
        if (!schema.exists()) {
            throw new IllegalStateException("table " + table + " of the relationship manifest does not exist in the database");
        }
        return schema.columns().values().stream().filter(c -> !c.nullable())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
