package dev.ricascade.api.integrity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Column values as the JSON text of {@code ri_pending_change}, written so that binding them again compares
 * them as the column would: decimals exact, dates and times as SQL literals, bytes as base64 in
 * {@code {"base64": ...}}. Nothing here compares values; the database does when they are bound.
 */
final class StoredValues {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    static String write(Map<String, ?> values) {
        ObjectNode node = JSON.createObjectNode();
        values.forEach((column, value) -> put(node, column, value));
        return JSON.writeValueAsString(node);
    }

    private static void put(ObjectNode node, String column, Object value) {
        if (value == null) {
            node.putNull(column);
        } else if (value instanceof String s) {
            node.put(column, s);
        } else if (value instanceof BigDecimal d) {
            node.put(column, d);
        } else if (value instanceof BigInteger i) {
            node.put(column, i);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            node.put(column, ((Number) value).longValue());
        } else if (value instanceof Number n) {
            node.put(column, new BigDecimal(n.toString()));
        } else if (value instanceof Boolean b) {
            node.put(column, b);
        } else if (value instanceof byte[] bytes) {
            node.putObject(column).put("base64", Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Timestamp t) {
            // 2024-05-01 10:00:00.123, as MySQL reads a DATETIME / TIMESTAMP literal
            node.put(column, t.toLocalDateTime().toString().replace('T', ' '));
        } else if (value instanceof TemporalAccessor t) {
            node.put(column, t.toString().replace('T', ' '));
        } else {
            node.put(column, value.toString()); // java.sql.Date and Time print as SQL literals
        }
    }

    static Map<String, Object> read(String json) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (json == null) {
            return values;
        }
        JsonNode node = JSON.readTree(json);
        for (String column : node.propertyNames()) {
            values.put(column, value(node.get(column)));
        }
        return values;
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            return Base64.getDecoder().decode(node.get("base64").asString());
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asString();
    }

    private StoredValues() {
    }
}
