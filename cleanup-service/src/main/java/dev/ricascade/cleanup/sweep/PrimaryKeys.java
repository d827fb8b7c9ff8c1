package dev.ricascade.cleanup.sweep;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The primary key of a table in the current database, which the sweep pages by and repairs by. */
@Component
class PrimaryKeys {

    private static final String PRIMARY_KEY = """
            SELECT COLUMN_NAME
            FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY ORDINAL_POSITION
            """;

    private final JdbcClient jdbc;

    PrimaryKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Read afresh on every run: a sweep is rare, and the schema may have changed since the last one. */
    List<String> of(String table) {
        List<String> columns = jdbc.sql(PRIMARY_KEY).param(table).query(String.class).list();
        if (columns.isEmpty()) {
            throw new IllegalStateException("table '" + table + "' has no primary key (or does not exist); the sweep pages "
                    + "through it by primary key: add one with ALTER TABLE " + SweepSql.quote(table) + " ADD PRIMARY KEY (...)");
        }
        return columns;
    }
}
