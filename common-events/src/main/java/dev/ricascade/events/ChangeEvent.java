package dev.ricascade.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The envelope of a domain event: a parent row was deleted or updated.
 *
 * @param eventId    unique id; consumers use it to recognise the rare duplicate
 * @param entity     the parent table
 * @param action     deleted or updated
 * @param key        the row's values before the change, of every column a relationship references as a parent
 * @param changes    for {@code updated}: the new values of the changed columns; empty for {@code deleted}
 * @param occurredAt when the change committed, if known
 */
public record ChangeEvent(String eventId, String entity, EventAction action, Map<String, Object> key,
                          Map<String, Object> changes, Instant occurredAt) {

    public ChangeEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(action, "action");
        // values may be SQL NULL, so no Map.copyOf; insertion order is kept for readable logs and SQL
        key = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(key, "key")));
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes == null ? Map.of() : changes));
    }

    public static ChangeEvent deleted(String eventId, String entity, Map<String, Object> key, Instant occurredAt) {
        return new ChangeEvent(eventId, entity, EventAction.DELETED, key, Map.of(), occurredAt);
    }

    public static ChangeEvent updated(String eventId, String entity, Map<String, Object> key,
                                      Map<String, Object> changes, Instant occurredAt) {
        return new ChangeEvent(eventId, entity, EventAction.UPDATED, key, changes, occurredAt);
    }

    /** {@code <entity>.<action>}, the routing key on the topic exchange. */
    public String routingKey() {
        return entity + "." + action.wireName();
    }
}
