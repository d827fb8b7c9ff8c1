package dev.ricascade.cleanup.capture;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;

/**
 * A table as one table-map event of the binlog describes it: column names, types, signedness, character sets
 * and primary key, all from the event's metadata ({@code binlog_row_metadata=FULL}). Turns the raw values of
 * a row image into the values an event carries: numbers, text decoded with the column's character set, dates
 * as SQL literals. Binary strings (BINARY, VARBINARY, BLOB) have no JSON form and yield {@link #NOT_REPRESENTABLE}.
 */
final class TableLayout {

    /** The value of a column whose type an event cannot carry. */
    static final Object NOT_REPRESENTABLE = new Object();

    private static final int BINARY_COLLATION = 63;
    private static final Set<Integer> LATIN1_COLLATIONS = Set.of(5, 8, 15, 31, 47, 48, 49, 94);
    private static final Set<Integer> ASCII_COLLATIONS = Set.of(11, 65);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final String database;
    private final String table;
    private final List<String> columns;
    private final ColumnType[] types;
    private final BitSet unsigned = new BitSet();
    private final Map<Integer, Integer> collations = new HashMap<>();
    private final List<String> primaryKey = new ArrayList<>();

    private TableLayout(TableMapEventData map) {
        this.database = map.getDatabase();
        this.table = map.getTable();
        TableMapEventMetadata metadata = map.getEventMetadata();
        if (metadata == null || metadata.getColumnNames() == null || metadata.getColumnNames().isEmpty()) {
            throw new MissingRowMetadataException(database + "." + table);
        }
        this.columns = List.copyOf(metadata.getColumnNames());
        byte[] codes = map.getColumnTypes();
        int[] meta = map.getColumnMetadata();
        this.types = new ColumnType[codes.length];
        int numeric = 0;
        int character = 0;
        for (int i = 0; i < codes.length; i++) {
            types[i] = realType(ColumnType.byCode(codes[i] & 0xFF), meta[i]);
            if (isNumeric(types[i])) {
                if (metadata.getSignedness() != null && metadata.getSignedness().get(numeric)) {
                    unsigned.set(i);
                }
                numeric++;
            } else if (isCharacter(types[i])) {
                collations.put(i, collation(metadata, character));
                character++;
            }
        }
        if (metadata.getSimplePrimaryKeys() != null) {
            metadata.getSimplePrimaryKeys().forEach(index -> primaryKey.add(columns.get(index)));
        } else if (metadata.getPrimaryKeysWithPrefix() != null) {
            metadata.getPrimaryKeysWithPrefix().keySet().forEach(index -> primaryKey.add(columns.get(index)));
        }
    }

    static TableLayout of(TableMapEventData map) {
        return new TableLayout(map);
    }

    String database() {
        return database;
    }

    String table() {
        return table;
    }

    List<String> primaryKey() {
        return primaryKey;
    }

    /** The position of a column, or -1. */
    int indexOf(String column) {
        return columns.indexOf(column);
    }

    /** The value an event carries for this column's raw binlog value. */
    Object value(int column, Serializable raw) {
        if (raw == null) {
            return null;
        }
        ColumnType type = types[column];
        return switch (type) {
            case TINY -> unsigned.get(column) ? ((Number) raw).intValue() & 0xFF : ((Number) raw).intValue();
            case SHORT -> unsigned.get(column) ? ((Number) raw).intValue() & 0xFFFF : ((Number) raw).intValue();
            case INT24 -> unsigned.get(column) ? ((Number) raw).intValue() & 0xFFFFFF : ((Number) raw).intValue();
            case LONG -> unsigned.get(column) ? ((Number) raw).longValue() & 0xFFFFFFFFL : (long) ((Number) raw).intValue();
            case LONGLONG -> unsignedLong(column, ((Number) raw).longValue());
            case DECIMAL, NEWDECIMAL -> (BigDecimal) raw;
            case FLOAT, DOUBLE, YEAR -> raw;
            case DATE -> Instant.ofEpochMilli(((Number) raw).longValue()).atZone(ZoneOffset.UTC).toLocalDate().toString();
            case DATETIME, DATETIME_V2, TIMESTAMP, TIMESTAMP_V2 -> DATE_TIME.format(
                    LocalDateTime.ofInstant(Instant.ofEpochMilli(((Number) raw).longValue()), ZoneOffset.UTC));
            case STRING, VARCHAR, VAR_STRING, TINY_BLOB, BLOB, MEDIUM_BLOB, LONG_BLOB -> text(column, raw);
            default -> NOT_REPRESENTABLE;
        };
    }

    private Object unsignedLong(int column, long value) {
        if (!unsigned.get(column) || value >= 0) {
            return value;
        }
        return BigInteger.valueOf(value).add(BigInteger.ONE.shiftLeft(64));
    }

    private Object text(int column, Serializable raw) {
        int collation = collations.getOrDefault(column, 0);
        if (collation == BINARY_COLLATION) {
            return NOT_REPRESENTABLE;
        }
        byte[] bytes = raw instanceof byte[] b ? b : raw.toString().getBytes(StandardCharsets.UTF_8);
        return new String(bytes, charset(collation));
    }

    private static Charset charset(int collation) {
        if (LATIN1_COLLATIONS.contains(collation)) {
            return Charset.forName("windows-1252"); // MySQL's latin1 is cp1252
        }
        return ASCII_COLLATIONS.contains(collation) ? StandardCharsets.US_ASCII : StandardCharsets.UTF_8;
    }

    /** CHAR columns are logged as STRING; ENUM and SET too, with their real type in the column's metadata. */
    private static ColumnType realType(ColumnType logged, int metadata) {
        if (logged == ColumnType.STRING && metadata >= 256) {
            ColumnType real = ColumnType.byCode(metadata >> 8);
            if (real == ColumnType.ENUM || real == ColumnType.SET) {
                return real;
            }
        }
        return logged;
    }

    private static int collation(TableMapEventMetadata metadata, int character) {
        if (metadata.getColumnCharsets() != null && character < metadata.getColumnCharsets().size()) {
            return metadata.getColumnCharsets().get(character);
        }
        TableMapEventMetadata.DefaultCharset defaults = metadata.getDefaultCharset();
        if (defaults == null) {
            return 0;
        }
        Map<Integer, Integer> exceptions = defaults.getCharsetCollations();
        return exceptions != null && exceptions.containsKey(character) ? exceptions.get(character)
                : defaults.getDefaultCharsetCollation();
    }

    private static boolean isNumeric(ColumnType type) {
        return switch (type) {
            case TINY, SHORT, INT24, LONG, LONGLONG, FLOAT, DOUBLE, DECIMAL, NEWDECIMAL -> true;
            default -> false;
        };
    }

    private static boolean isCharacter(ColumnType type) {
        return switch (type) {
            case STRING, VARCHAR, VAR_STRING, TINY_BLOB, BLOB, MEDIUM_BLOB, LONG_BLOB -> true;
            default -> false;
        };
    }
}
