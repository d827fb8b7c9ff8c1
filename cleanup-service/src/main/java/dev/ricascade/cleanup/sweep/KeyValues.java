package dev.ricascade.cleanup.sweep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;


/**
 * Values read back from the database, named byte for byte: the sweep's bookkeeping of rows it has seen (the
 * same row, unchanged; its digest in the sightings table), never a decision whether a child matches a parent,
 * which the database makes.
 */
final class KeyValues {

    static String canonical(Object value) {
        if (value == null) {
            return "\u0000null";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Number number) {
            BigDecimal decimal = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
            return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean bool) {
            return bool ? "1" : "0";
        }
        if (value instanceof byte[] bytes) {
            return "x" + HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }

    static List<String> canonicalAll(List<Object> values) {
        return values.stream().map(KeyValues::canonical).toList();
    }

    /** A row's key and references, compared as the server would compare them: the same row, unchanged. */
    static List<String> sameRow(OrphanRow row) {
        List<String> values = new java.util.ArrayList<>();
        row.key().forEach(v -> values.add(canonical(v)));
        values.add("\u0000");
        row.references().forEach(v -> values.add(canonical(v)));
        return values;
    }

    /** A fixed-length name for a row key, for the sweep's bookkeeping table. */
    static String digest(List<Object> values) {
        StringBuilder text = new StringBuilder();
        for (Object value : values) {
            String canonical = canonical(value);
            text.append(canonical.length()).append(':').append(canonical);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private KeyValues() {
    }
}
