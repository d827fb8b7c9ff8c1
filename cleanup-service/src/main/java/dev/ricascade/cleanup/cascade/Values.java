package dev.ricascade.cleanup.cascade;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import dev.ricascade.cleanup.schema.Collation;

/**
 * Compares key values. {@link #normal} the way the database matched them: 1 from an event equals the
 * INT 1 read back, and strings compare without letter case, accents or trailing spaces, as the usual
 * MySQL collations do. {@link #exact} the way InnoDB decides that a key changed: byte for byte, so that
 * {@code Ada@x} to {@code ada@x} is a change that cascades.
 */
final class Values {

    static List<Object> normal(List<Object> values) {
        List<Object> normal = new ArrayList<>(values.size());
        for (Object value : values) {
            normal.add(normal(value));
        }
        return normal;
    }

    static List<Object> exact(List<Object> values) {
        List<Object> exact = new ArrayList<>(values.size());
        for (Object value : values) {
            exact.add(value instanceof String || value == null ? value : normal(value));
        }
        return exact;
    }

    /** The two differ only in letter case or trailing spaces: equal for the database, a change for InnoDB. */
    static boolean sameUnderCollation(List<Object> before, List<Object> after) {
        return normal(before).equals(normal(after));
    }

    private static Object normal(Object value) {
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString()).stripTrailingZeros();
            } catch (NumberFormatException e) {
                return number.toString();
            }
        }
        if (value instanceof Boolean flag) {
            return flag ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof String text) {
            return Collation.fold(text);
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        return value;
    }

    private Values() {
    }
}
