package dev.ricascade.api.integrity;

import javax.sql.DataSource;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import dev.ricascade.schema.SchemaCache;
import dev.ricascade.schema.SchemaReader;
import dev.ricascade.schema.TableSchema;

/**
 * The live schema of each table the integrity checks meet, read once and remembered ({@link SchemaCache}: a table
 * that does not exist or has no primary key yet is read again when next asked for). {@link TableKeys},
 * {@link NotNullColumns} and {@link UniqueKeys} each answer from it.
 */
@Component
class LiveTables {

    private final SchemaCache tables;

    /** Reads on the current transaction's connection where there is one, as the checks around it do. */
    LiveTables(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SchemaReader reader = new SchemaReader();
        this.tables = new SchemaCache(table -> jdbc.execute((ConnectionCallback<TableSchema>) c -> reader.read(c, table)));
    }

    TableSchema table(String table) {
        return tables.table(table);
    }
}
