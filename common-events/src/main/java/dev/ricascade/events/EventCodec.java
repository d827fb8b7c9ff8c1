package dev.ricascade.events;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the JSON envelope. Reading is lenient where a person publishing by hand would
 * expect it (no eventId, {@code "id": 1} for {@code "key": {"id": 1}}, entity and action from the
 * routing key, any letter case for the action) and strict everywhere else: every rejection names
 * the field and says why.
 */
public final class EventCodec {

    /** A plain SQL identifier: what the manifest accepts as a table or column name. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,63}");

    private static final Set<String> FIELDS = Set.of("eventId", "entity", "action", "key", "id", "changes", "occurredAt");
    private static final int MAX_BODY_BYTES = 64 * 1024;

    // decimals stay exact (a DECIMAL key of 1.50 must not become the double 1.5)
    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    public byte[] write(ChangeEvent event) {
        ObjectNode node = mapper.createObjectNode();
        node.put("eventId", event.eventId());
        node.put("entity", event.entity());
        node.put("action", event.action().wireName());
        node.set("key", mapper.valueToTree(event.key()));
        if (event.action() == EventAction.UPDATED) {
            node.set("changes", mapper.valueToTree(event.changes()));
        }
        if (event.occurredAt() != null) {
            node.put("occurredAt", event.occurredAt().toString());
        }
        return mapper.writeValueAsBytes(node);
    }

    /**
     * @param body       the message body, UTF-8 JSON
     * @param routingKey the routing key it arrived with, {@code <entity>.<action>}; may be null or anything else
     * @throws InvalidEventException naming the field at fault
     */
    public ChangeEvent read(byte[] body, String routingKey) {
        if (body == null || body.length == 0) {
            throw new InvalidEventException(null, "the message body is empty; expected a JSON object such as "
                    + "{\"entity\":\"customers\",\"action\":\"deleted\",\"key\":{\"id\":1}}");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidEventException(null, "the message body has " + body.length + " bytes; at most "
                    + MAX_BODY_BYTES + " are accepted");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidEventException(null, "the body is not valid JSON: " + e.getOriginalMessage()
                    + " (body starts with: " + preview(body) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidEventException(null, "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidEventException(name, "unknown field; an event has eventId, entity, action, key (or id), "
                        + "changes and occurredAt");
            }
        }
        RoutingKey routed = RoutingKey.parse(routingKey);
        String entity = entity(root, routed);
        EventAction action = action(root, routed);
        Map<String, Object> key = key(root);
        Map<String, Object> changes = changes(root, action);
        return new ChangeEvent(eventId(root), entity, action, key, changes, occurredAt(root));
    }

    private static String eventId(JsonNode root) {
        JsonNode node = root.get("eventId");
        if (node == null || node.isNull()) {
            return UUID.randomUUID().toString();
        }
        if (!node.isString() || node.stringValue().isBlank() || node.stringValue().length() > 200) {
            throw new InvalidEventException("eventId", "expected a non-empty string of at most 200 characters");
        }
        return node.stringValue();
    }

    private static String entity(JsonNode root, RoutingKey routed) {
        JsonNode node = root.get("entity");
        if (node == null || node.isNull()) {
            if (routed == null) {
                throw new InvalidEventException("entity", "missing, and the routing key does not say it either "
                        + "(expected a routing key <entity>.<action> such as customers.deleted)");
            }
            return identifier(routed.entity(), "entity");
        }
        if (!node.isString()) {
            throw new InvalidEventException("entity", "expected a table name as a string, got " + node.getNodeType());
        }
        String entity = identifier(node.stringValue(), "entity");
        if (routed != null && !routed.entity().equals(entity)) {
            throw new InvalidEventException("entity", "'" + entity + "' disagrees with the routing key '" + routed.text() + "'");
        }
        return entity;
    }

    private static EventAction action(JsonNode root, RoutingKey routed) {
        JsonNode node = root.get("action");
        if (node == null || node.isNull()) {
            if (routed == null) {
                throw new InvalidEventException("action", "missing, and the routing key does not say it either "
                        + "(expected a routing key <entity>.<action> such as customers.deleted)");
            }
            return EventAction.parse(routed.action(), "action");
        }
        if (!node.isString()) {
            throw new InvalidEventException("action", "expected 'deleted' or 'updated', got " + node.getNodeType());
        }
        EventAction action = EventAction.parse(node.stringValue(), "action");
        if (routed != null && !routed.action().equalsIgnoreCase(action.wireName())) {
            throw new InvalidEventException("action", "'" + node.stringValue() + "' disagrees with the routing key '"
                    + routed.text() + "'");
        }
        return action;
    }

    private static Map<String, Object> key(JsonNode root) {
        JsonNode key = root.get("key");
        JsonNode id = root.get("id");
        if (key != null && id != null) {
            throw new InvalidEventException("id", "give either \"key\" or the shorthand \"id\", not both");
        }
        if (id != null) {
            return Map.of("id", scalar(id, "id", false));
        }
        if (key == null) {
            throw new InvalidEventException("key", "missing; give the row's key, such as \"key\": {\"id\": 1} (or \"id\": 1)");
        }
        Map<String, Object> columns = columns(key, "key", false);
        if (columns.isEmpty()) {
            throw new InvalidEventException("key", "empty; give at least one column");
        }
        return columns;
    }

    private static Map<String, Object> changes(JsonNode root, EventAction action) {
        JsonNode changes = root.get("changes");
        if (action == EventAction.DELETED) {
            if (changes != null && !changes.isNull()) {
                throw new InvalidEventException("changes", "only an updated event has changes");
            }
            return Map.of();
        }
        if (changes == null || changes.isNull()) {
            throw new InvalidEventException("changes", "missing; an updated event gives the new values, such as "
                    + "\"changes\": {\"email\": \"new@example.com\"}");
        }
        Map<String, Object> columns = columns(changes, "changes", true);
        if (columns.isEmpty()) {
            throw new InvalidEventException("changes", "empty; give at least one changed column");
        }
        return columns;
    }

    private static Instant occurredAt(JsonNode root) {
        JsonNode node = root.get("occurredAt");
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return Instants.parse(node.asString());
        } catch (DateTimeParseException e) {
            throw new InvalidEventException("occurredAt", "expected an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '"
                    + node.asString() + "'");
        }
    }

    private static Map<String, Object> columns(JsonNode node, String field, boolean nullable) {
        if (!node.isObject()) {
            throw new InvalidEventException(field, "expected an object of column: value, got " + node.getNodeType());
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String column = identifier(entry.getKey(), field + "." + entry.getKey());
            columns.put(column, scalar(entry.getValue(), field + "." + column, nullable));
        }
        return columns;
    }

    /** JSON scalars only, as Java values a JDBC driver binds: String, Long/BigInteger, BigDecimal, Boolean. */
    private static Object scalar(JsonNode node, String field, boolean nullable) {
        if (node.isNull()) {
            if (nullable) {
                return null;
            }
            throw new InvalidEventException(field, "is null; a key value must be a string or a number");
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        throw new InvalidEventException(field, "expected a string or a number, got " + node.getNodeType());
    }

    private static String identifier(String text, String field) {
        if (!IDENTIFIER.matcher(text).matches()) {
            throw new InvalidEventException(field, "'" + abbreviate(text) + "' is not a plain SQL identifier "
                    + "(letters, digits, _ and $, starting with a letter or _)");
        }
        return text;
    }

    private static String preview(byte[] body) {
        return abbreviate(new String(body, 0, Math.min(body.length, 80), StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }

    /** The routing key split as {@code <entity>.<action>}; null when it has another shape. */
    private record RoutingKey(String text, String entity, String action) {

        static RoutingKey parse(String text) {
            if (text == null) {
                return null;
            }
            int dot = text.lastIndexOf('.');
            if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.') != dot) {
                return null;
            }
            return new RoutingKey(text, text.substring(0, dot), text.substring(dot + 1));
        }
    }
}
