package dev.ricascade.api.integrity;

import java.util.List;

import org.springframework.stereotype.Component;

/** The primary key columns of each table, read once from the live schema. */
@Component
public class TableKeys {

    private final LiveTables tables;

    TableKeys(LiveTables tables) {
        this.tables = tables;
    }

    public List<String> primaryKey(String table) {
        List<String> columns = tables.table(table).primaryKey();
        if (columns.isEmpty()) {
            throw new IllegalStateException("table " + table + " has no primary key (or does not exist)");
        }
        return columns;
    }
}
