package dev.ricascade.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SchemaCacheTests {

    private final Map<String, TableSchema> live = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final SchemaCache cache = new SchemaCache(table -> {
        reads.add(table);
        return live.getOrDefault(table, new TableSchema(table, Map.of(), List.of()));
    });

    @Test
    void aTableWithAPrimaryKeyIsReadOnce() {
        live.put("orders", keyed("orders"));

        assertThat(cache.table("orders").primaryKey()).containsExactly("id");
        assertThat(cache.table("orders").primaryKey()).containsExactly("id");

        assertThat(reads).containsExactly("orders");
    }

    @Test
    void aTableThatDoesNotExistOrHasNoPrimaryKeyYetIsReadAgainUntilItHasOne() {
        live.put("lines", new TableSchema("lines", columns("id"), List.of()));

        assertThat(cache.table("missing").exists()).isFalse();
        assertThat(cache.table("missing").exists()).isFalse();
        assertThat(cache.table("lines").primaryKey()).isEmpty();
        live.put("lines", keyed("lines"));
        assertThat(cache.table("lines").primaryKey()).as("its key added while the service runs").containsExactly("id");
        cache.table("lines");

        assertThat(reads).containsExactly("missing", "missing", "lines", "lines");
    }

    @Test
    void forgettingReadsEveryTableAfresh() {
        live.put("orders", keyed("orders"));
        cache.table("orders");
        live.put("orders", new TableSchema("orders", columns("id", "number"),
                List.of(new TableSchema.Index(TableSchema.PRIMARY, true, List.of("id", "number")))));

        cache.forget();

        assertThat(cache.table("orders").primaryKey()).containsExactly("id", "number");
        assertThat(reads).containsExactly("orders", "orders");
    }

    private static TableSchema keyed(String table) {
        return new TableSchema(table, columns("id"), List.of(new TableSchema.Index(TableSchema.PRIMARY, true, List.of("id"))));
    }

    private static Map<String, TableSchema.Column> columns(String... names) {
        Map<String, TableSchema.Column> columns = new LinkedHashMap<>();
        for (String name : names) {
            columns.put(name, new TableSchema.Column(name, "bigint", "bigint", false, null, null, null, 19L, 0L, null));
        }
        return columns;
    }
}
