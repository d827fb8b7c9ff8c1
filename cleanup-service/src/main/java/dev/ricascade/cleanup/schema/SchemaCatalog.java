package dev.ricascade.cleanup.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ricascade.schema.SchemaCache;
import dev.ricascade.schema.SchemaReader;
import dev.ricascade.schema.TableSchema;

/**
 * What the cascades need to know of the live schema that the manifest does not say: each table's
 * primary key and what each column can hold, read once per table and remembered ({@link SchemaCache}: a table
 * without a primary key, or one that does not exist, is read again when next asked for).
 */
@Component
public class SchemaCatalog {

    private final SchemaCache tables;
    private final Map<String, Map<String, ColumnType>> columnTypes = new ConcurrentHashMap<>();

    /** Reads on the current transaction's connection where there is one, as the statements around it do. */
    public SchemaCatalog(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SchemaReader reader = new SchemaReader();
        this.tables = new SchemaCache(table -> jdbc.execute((ConnectionCallback<TableSchema>) c -> reader.read(c, table)));
    }

    /**
     * The primary key columns of a table in the current database, in key order.
     *
     * @throws MissingPrimaryKeyException when the table has none (or does not exist)
     */
    public List<String> primaryKey(String table) {
        List<String> columns = tables.table(table).primaryKey();
        if (columns.isEmpty()) {
            throw new MissingPrimaryKeyException(table);
        }
        return columns;
    }

    /** Each column's DATA_TYPE in lower case (int, bigint, varchar…); empty for a table that does not exist. */
    public Map<String, String> columnTypes(String table) {
        Map<String, String> dataTypes = new HashMap<>();
        columns(table).forEach((column, type) -> dataTypes.put(column, type.dataType()));
        return Map.copyOf(dataTypes);
    }

    /** What each column can hold (type, sign, precision, length); empty for a table that does not exist. */
    public Map<String, ColumnType> columns(String table) {
        Map<String, ColumnType> known = columnTypes.get(table);
        if (known != null) {
            return known;
        }
        TableSchema schema = tables.table(table);
        Map<String, ColumnType> types = new HashMap<>();
        schema.columns().forEach((name, c) -> types.put(name, new ColumnType(c.dataType(), c.columnType(),
                c.numericPrecision(), c.numericScale(), c.characterMaximumLength(), c.datetimePrecision())));
        Map<String, ColumnType> copy = Map.copyOf(types);
        if (!schema.primaryKey().isEmpty()) { // remembered as long as the table is
            columnTypes.put(table, copy);
        }
        return copy;
    }

    /** Forget what was read, for a schema that changed under a running service. */
    public void refresh() {
        tables.forget();
        columnTypes.clear();
    }
}
