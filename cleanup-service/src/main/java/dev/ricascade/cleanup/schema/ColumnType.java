package dev.ricascade.cleanup.schema;

import java.util.Locale;

/**
 * What a column can hold, as INFORMATION_SCHEMA.COLUMNS says: enough to tell whether an event's value
 * could ever be one of its values, without comparing it to any row.
 *
 * @param dataType               DATA_TYPE in lower case: int, bigint, decimal, varchar, date…
 * @param columnType             COLUMN_TYPE in lower case, which alone says {@code unsigned}: int(10) unsigned
 * @param numericPrecision       NUMERIC_PRECISION: total digits of a DECIMAL; null for non-numeric columns
 * @param numericScale           NUMERIC_SCALE: digits after the point of a DECIMAL; null for non-numeric columns
 * @param characterMaximumLength CHARACTER_MAXIMUM_LENGTH: characters of a text column, bytes of a binary one
 * @param datetimePrecision      DATETIME_PRECISION: fractional second digits of a TIME, DATETIME or TIMESTAMP
 */
public record ColumnType(String dataType, String columnType, Long numericPrecision, Long numericScale,
                         Long characterMaximumLength, Long datetimePrecision) {

    public ColumnType {
        dataType = dataType.toLowerCase(Locale.ROOT);
        columnType = columnType == null ? dataType : columnType.toLowerCase(Locale.ROOT);
    }

    /** A column of that DATA_TYPE and nothing more known about it (tests, and types with no limits to check). */
    public static ColumnType of(String dataType) {
        return new ColumnType(dataType, dataType, null, null, null, null);
    }

    public boolean unsigned() {
        return columnType.contains("unsigned");
    }

    /** As a person would write it in CREATE TABLE: {@code bigint}, {@code int unsigned}, {@code decimal(10,2)}, {@code varchar(100)}. */
    @Override
    public String toString() {
        String sign = unsigned() ? " unsigned" : "";
        if ((dataType.equals("decimal") || dataType.equals("numeric")) && numericPrecision != null && numericScale != null) {
            return dataType + "(" + numericPrecision + "," + numericScale + ")" + sign;
        }
        if ((dataType.endsWith("char") || dataType.endsWith("binary")) && characterMaximumLength != null) {
            return dataType + "(" + characterMaximumLength + ")";
        }
        return dataType + sign;
    }
}
