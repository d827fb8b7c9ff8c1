package dev.ricascade.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The live schema of each table a service meets, read once and remembered, for both services. A table that cannot
 * be used yet (it does not exist, or has no primary key) is read again when next asked for, so one created or given
 * its key while the service runs is taken up without a restart. Plain Java: the service says how one table is read
 * ({@link SchemaReader#read} on its transaction's connection, where it has one).
 */
public final class SchemaCache {

    private final Function<String, TableSchema> reader;
    private final Map<String, TableSchema> tables = new ConcurrentHashMap<>();

    /** @param reader reads one table of the current database, as {@link SchemaReader#read} does */
    public SchemaCache(Function<String, TableSchema> reader) {
        this.reader = reader;
    }

    public TableSchema table(String table) {
        TableSchema known = tables.get(table);
        if (known != null) {
            return known;
        }
        TableSchema read = reader.apply(table);
        if (!read.primaryKey().isEmpty()) {
            tables.put(table, read);
        }
        return read;
    }

    /** Forgets what was read, for a schema that changed under a running service. */
    public void forget() {
        tables.clear();
    }
}
