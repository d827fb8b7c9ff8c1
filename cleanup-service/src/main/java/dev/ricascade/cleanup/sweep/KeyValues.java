package dev.ricascade.cleanup.sweep;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import dev.ricascade.cleanup.schema.Collation;

/**
 * Values read back from the database compared the way the server compares them, as nearly as Java
 * can: an INT child holding 7 matches a BIGINT parent holding 7, and text compares as the usual
 * case- and accent-insensitive collations do. Anything this calls a match is a match; what it calls a
 * miss is confirmed by the database before anyone relies on it.
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

    /** Looser than {@link #canonical}: text folded as a {@code _ci}/{@code _ai_ci} PAD SPACE collation would. */
    static String loose(Object value) {
        if (value instanceof CharSequence text) {
            return Collation.fold(text.toString());
        }
        return canonical(value);
    }

    static List<String> loose(List<Object> values) {
        return values.stream().map(KeyValues::loose).toList();
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
