package dev.ricascade.cleanup.cascade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.ricascade.cleanup.schema.ColumnType;

/**
 * Catches an event value that the column could never hold, before it reaches SQL: text such as
 * {@code '1 OR 1=1'} that MySQL's implicit conversion would turn into the number 1, and values out of
 * the column's range, too long for it, or not a date at all, which could only match nothing, or worse:
 * {@code 1e999999999} is eleven bytes of JSON but a billion digits once the driver writes it out. Limits
 * are checked on a number's precision and scale, so no value is ever expanded to check it. This only
 * asks whether the column can hold the value; which rows it matches is the database's business.
 */
final class ValueTypes {

    private static final Map<String, BigInteger[]> WHOLE_RANGES = Map.of(
            "tinyint", range(8), "smallint", range(16), "mediumint", range(24), "int", range(32),
            "integer", range(32), "bigint", range(64));
    private static final Set<String> DECIMAL = Set.of("decimal", "numeric");
    private static final Set<String> APPROXIMATE = Set.of("float", "double", "real", "double precision");
    private static final Set<String> TEXT = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext",
            "enum", "set");
    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    private static final Pattern WHOLE_TEXT = Pattern.compile("[-+]?\\d{1,30}");
    private static final Pattern NUMERIC_TEXT = Pattern.compile("[-+]?(\\d{1,65}(\\.\\d{0,30})?|\\.\\d{1,30})([eE][-+]?\\d{1,3})?");
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern DATETIME = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})(?:[ T](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?)?");
    private static final Pattern TIME = Pattern.compile("-?(\\d{1,3}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?");
    private static final int MAX_HOURS = 838;

    /** Null when the column can hold the value, else what is wrong with it (to be followed by what the column is). */
    static String problem(Object value, ColumnType column) {
        if (value == null || column == null) {
            return null;
        }
        String type = column.dataType();
        if (WHOLE_RANGES.containsKey(type)) {
            return whole(value, column);
        }
        if (DECIMAL.contains(type)) {
            return decimal(value, column);
        }
        if (APPROXIMATE.contains(type)) {
            return approximate(value, column);
        }
        if (TEXT.contains(type)) {
            return length(value, column, "characters", text -> (long) text.codePointCount(0, text.length()));
        }
        if (BINARY.contains(type)) {
            return length(value, column, "bytes", text -> (long) text.getBytes(StandardCharsets.UTF_8).length);
        }
        return switch (type) {
            case "date" -> date(value);
            case "datetime", "timestamp" -> dateTime(value, column);
            case "time" -> time(value, column);
            case "year" -> year(value);
            // bit, json, spatial, uuid…: the database converts what it can; only keep the driver from expanding a number
            default -> value instanceof BigDecimal number && plainLength(number) > 1_000
                    ? quote(value) + " has too many digits" : null;
        };
    }

    private static String whole(Object value, ColumnType column) {
        BigDecimal number = number(value, WHOLE_TEXT);
        if (number == null || (number.signum() != 0 && number.stripTrailingZeros().scale() > 0)) {
            return quote(value) + " is not a whole number";
        }
        BigInteger[] range = WHOLE_RANGES.get(column.dataType());
        BigInteger min = column.unsigned() ? BigInteger.ZERO : range[0];
        BigInteger max = column.unsigned() ? range[1].shiftLeft(1).add(BigInteger.ONE) : range[1];
        // 20 digits hold every BIGINT UNSIGNED: anything longer is out of range without being expanded
        boolean fits = integerDigits(number) <= 20 && number.toBigIntegerExact().compareTo(min) >= 0
                && number.toBigIntegerExact().compareTo(max) <= 0;
        return fits ? null : quote(value) + " is out of range (" + min + " to " + max + ")";
    }

    private static String decimal(Object value, ColumnType column) {
        BigDecimal number = number(value, NUMERIC_TEXT);
        if (number == null) {
            return quote(value) + " is not a number";
        }
        if (number.signum() == 0 || column.numericPrecision() == null || column.numericScale() == null) {
            return number.signum() < 0 && column.unsigned() ? quote(value) + " is negative" : null;
        }
        long scale = column.numericScale();
        long whole = column.numericPrecision() - scale;
        if (integerDigits(number) > whole) {
            return quote(value) + " has more than " + whole + " digits before the decimal point";
        }
        if (fractionDigits(number) > scale) {
            return quote(value) + " has more than " + scale + " digits after the decimal point";
        }
        return number.signum() < 0 && column.unsigned() ? quote(value) + " is negative" : null;
    }

    private static String approximate(Object value, ColumnType column) {
        BigDecimal number = number(value, NUMERIC_TEXT);
        if (number == null) {
            return quote(value) + " is not a number";
        }
        if (number.signum() == 0) {
            return null;
        }
        boolean single = column.dataType().equals("float");
        // the power of ten of the leading digit, from precision and scale alone
        long exponent = number.precision() - (long) number.scale() - 1;
        boolean fits = single ? exponent >= -45 && exponent <= 38 && Math.abs(number.doubleValue()) <= Float.MAX_VALUE
                : exponent >= -324 && exponent <= 308 && Double.isFinite(number.doubleValue());
        if (!fits) {
            return quote(value) + " is out of range for a " + (single ? "FLOAT" : "DOUBLE");
        }
        return number.signum() < 0 && column.unsigned() ? quote(value) + " is negative" : null;
    }

    private static String length(Object value, ColumnType column, String unit, ToLongFunction<String> measure) {
        Long max = column.characterMaximumLength();
        long length;
        if (value instanceof String text) {
            length = measure.applyAsLong(text);
        } else if (value instanceof BigDecimal d) {
            length = plainLength(d);
        } else if (value instanceof byte[] bytes) {
            length = bytes.length;
        } else {
            length = String.valueOf(value).length();
        }
        if (max == null) {
            return length > 1_000_000 ? quote(value) + " is too long" : null;
        }
        return length > max ? quote(value) + " has " + length + " " + unit + "; at most " + max + " fit" : null;
    }

    private static String date(Object value) {
        Matcher date = value instanceof String text ? DATE.matcher(text.strip()) : null;
        if (date == null || !date.matches() || !validDate(date)) {
            return quote(value) + " is not a date (expected YYYY-MM-DD)";
        }
        return null;
    }

    private static String dateTime(Object value, ColumnType column) {
        Matcher time = value instanceof String text ? DATETIME.matcher(text.strip()) : null;
        if (time == null || !time.matches() || !validDate(time)
                || (time.group(4) != null && !validTime(time.group(4), time.group(5), time.group(6), 23))) {
            return quote(value) + " is not a date and time (expected YYYY-MM-DD hh:mm:ss[.ffffff])";
        }
        return fraction(value, time.group(7), column);
    }

    private static String time(Object value, ColumnType column) {
        Matcher time = value instanceof String text ? TIME.matcher(text.strip()) : null;
        if (time == null || !time.matches() || !validTime(time.group(1), time.group(2), time.group(3), MAX_HOURS)) {
            return quote(value) + " is not a time (expected hh:mm:ss[.ffffff], at most 838:59:59)";
        }
        return fraction(value, time.group(4), column);
    }

    private static String year(Object value) {
        BigDecimal number = number(value, WHOLE_TEXT);
        boolean fits = number != null && integerDigits(number) <= 4 && number.stripTrailingZeros().scale() <= 0
                && (number.signum() == 0 || (number.intValueExact() >= 1901 && number.intValueExact() <= 2155));
        return fits ? null : quote(value) + " is not a year (1901 to 2155)";
    }

    private static boolean validDate(Matcher date) {
        try {
            int year = Integer.parseInt(date.group(1));
            LocalDate.of(year, Integer.parseInt(date.group(2)), Integer.parseInt(date.group(3)));
            return year >= 1000;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean validTime(String hours, String minutes, String seconds, int maxHours) {
        return Integer.parseInt(hours) <= maxHours && Integer.parseInt(minutes) <= 59 && Integer.parseInt(seconds) <= 59;
    }

    private static String fraction(Object value, String digits, ColumnType column) {
        Long precision = column.datetimePrecision();
        if (digits == null || precision == null || digits.replaceFirst("0+$", "").length() <= precision) {
            return null;
        }
        return quote(value) + " has more than " + precision + " fractional second digits";
    }

    /** The value as an exact number, or null when it is none; text only in the given shape, so never a long one. */
    private static BigDecimal number(Object value, Pattern text) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger whole) {
            return new BigDecimal(whole);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof Boolean flag) {
            return flag ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof String string && text.matcher(string.strip()).matches()) {
            return new BigDecimal(string.strip());
        }
        return null;
    }

    /** Digits before the decimal point of a non-zero number (0 for 0.5), from precision and scale. */
    private static long integerDigits(BigDecimal number) {
        return number.signum() == 0 ? 0 : Math.max(0, number.precision() - (long) number.scale());
    }

    /** Significant digits after the decimal point (1.50 has one). */
    private static long fractionDigits(BigDecimal number) {
        return Math.max(0, number.stripTrailingZeros().scale());
    }

    /** How long {@link BigDecimal#toPlainString()} would be, without building it. */
    private static long plainLength(BigDecimal number) {
        long precision = number.precision();
        long scale = number.scale();
        long digits = scale <= 0 ? precision - scale : Math.max(precision, scale + 1);
        return digits + (scale > 0 ? 1 : 0) + (number.signum() < 0 ? 1 : 0);
    }

    private static String quote(Object value) {
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        return "'" + (text.length() <= 64 ? text : text.substring(0, 61) + "...") + "'";
    }

    private static BigInteger[] range(int bits) {
        BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return new BigInteger[] {max.negate().subtract(BigInteger.ONE), max};
    }

    private ValueTypes() {
    }
}
