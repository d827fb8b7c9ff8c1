package dev.ricascade.api.integrity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ricascade.schema.SchemaReader;
import dev.ricascade.schema.TableSchema;

/**
 * The live schema of each table the integrity checks meet, read through {@link SchemaReader} once and
 * remembered; a table that does not exist is read again when next asked for. {@link TableKeys},
 * {@link NotNullColumns} and {@link UniqueKeys} each answer from it.
 */
@Component
class LiveTables {

    private final SchemaReader reader = new SchemaReader();
    private final JdbcTemplate jdbc;
    private final Map<String, TableSchema> tables = new ConcurrentHashMap<>();

    /** Reads on the current transaction's connection where there is one, as the checks around it do. */
    LiveTables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    TableSchema table(String table) {
        TableSchema known = tables.get(table);
        if (known != null) {
            return known;
        }
        TableSchema read = jdbc.execute((ConnectionCallback<TableSchema>) connection -> reader.read(connection, table));
        if (read.exists()) {
            tables.put(table, read);
        }
        return read;
    }
}
