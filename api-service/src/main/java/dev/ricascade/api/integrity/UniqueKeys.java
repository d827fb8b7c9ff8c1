package dev.ricascade.api.integrity;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.ricascade.schema.TableSchema.UniqueKey;

/** The UNIQUE keys (the primary key included) of each table, read once from the live schema. */
@Component
class UniqueKeys {

    private final LiveTables tables;

    UniqueKeys(LiveTables tables) {
        this.tables = tables;
    }

    /** In index name order; each key's columns in index order. */
    List<UniqueKey> of(String table) {
        return tables.table(table).uniqueKeys();
    }
}
