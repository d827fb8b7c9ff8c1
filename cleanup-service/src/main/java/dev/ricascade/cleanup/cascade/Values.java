package dev.ricascade.cleanup.cascade;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Key values in a form that compares byte for byte: the way InnoDB decides that a key changed (so that
 * {@code Ada@x} to {@code ada@x} is a change that cascades), and the way rows read back from one column
 * are told apart (BINARY keys included). Never used to decide whether a child matches a parent: the
 * database does that, under the column's collation.
 */
final class Values {

    static List<Object> exact(List<Object> values) {
        List<Object> exact = new ArrayList<>(values.size());
        for (Object value : values) {
            exact.add(exact(value));
        }
        return exact;
    }

    private static Object exact(Object value) {
        if (value instanceof BigDecimal || value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof java.math.BigInteger) {
            // 1 from an event is the INT 1 read back; the precision of a huge number was bounded when the event was read
            return new BigDecimal(value.toString()).stripTrailingZeros();
        }
        if (value instanceof Boolean flag) {
            return flag ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (value instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        return value;
    }

    private Values() {
    }
}
