package dev.ricascade.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One table of the live schema as INFORMATION_SCHEMA describes it.
 *
 * @param table      the table's name as asked for
 * @param columns    its columns by name, in ORDINAL_POSITION order; empty when the table does not exist
 * @param indexes    its indexes, the primary key included, by index name; an index with an expression part
 *                   (MySQL's functional key parts) is left out, as no column list can stand for it
 */
public record TableSchema(String table, Map<String, Column> columns, List<Index> indexes) {

    /** The name MySQL and MariaDB both give the primary key's index. */
    public static final String PRIMARY = "PRIMARY";

    public TableSchema {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        indexes = List.copyOf(indexes);
    }

    /** The primary key's columns in key order; empty when it has none. */
    public List<String> primaryKey() {
        return indexes.stream().filter(Index::isPrimary).findFirst().map(Index::columns).orElse(List.of());
    }

    /** The UNIQUE indexes, the primary key included, by index name. */
    public List<UniqueKey> uniqueKeys() {
        return indexes.stream().filter(Index::unique).map(i -> new UniqueKey(i.name(), i.columns())).toList();
    }

    public boolean exists() {
        return !columns.isEmpty();
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /**
     * A column as INFORMATION_SCHEMA.COLUMNS says.
     *
     * @param dataType               DATA_TYPE as the server spells it (lower case on both servers)
     * @param columnType             COLUMN_TYPE, which alone says {@code unsigned}: {@code int(10) unsigned}
     * @param nullable               IS_NULLABLE = 'YES'
     * @param characterSet           CHARACTER_SET_NAME; null for a column that holds no text
     * @param collation              COLLATION_NAME; null for a column that holds no text
     * @param characterMaximumLength CHARACTER_MAXIMUM_LENGTH: characters of a text column, bytes of a binary one
     * @param numericPrecision       NUMERIC_PRECISION; null for non-numeric columns
     * @param numericScale           NUMERIC_SCALE; null for non-numeric columns
     * @param datetimePrecision      DATETIME_PRECISION: fractional second digits of a TIME, DATETIME or TIMESTAMP
     */
    public record Column(String name, String dataType, String columnType, boolean nullable, String characterSet,
                         String collation, Long characterMaximumLength, Long numericPrecision, Long numericScale,
                         Long datetimePrecision) {
    }

    /** @param columns in index order (SEQ_IN_INDEX) */
    public record Index(String name, boolean unique, List<String> columns) {

        public Index {
            columns = List.copyOf(columns);
        }

        public boolean isPrimary() {
            return name.equals(PRIMARY);
        }
    }

    /** @param columns in index order (SEQ_IN_INDEX) */
    public record UniqueKey(String name, List<String> columns) {

        public UniqueKey {
            columns = List.copyOf(columns);
        }
    }
}
