package dev.ricascade.cleanup.cascade;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares key values the way the database matched them: 1 from an event equals the INT 1 read back,
 * and strings compare without letter case or trailing spaces, as the usual MySQL collations do.
 */
final class Values {

    static List<Object> normal(List<Object> values) {
        List<Object> normal = new ArrayList<>(values.size());
        for (Object value : values) {
            normal.add(normal(value));
        }
        return normal;
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
            return text.stripTrailing().toLowerCase(Locale.ROOT);
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        return value;
    }

    private Values() {
    }
}
