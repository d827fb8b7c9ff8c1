package dev.ricascade.cleanup.cascade;

import java.util.List;
import java.util.Map;

import dev.ricascade.cleanup.schema.MissingPrimaryKeyException;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.InvalidEventException;

/**
 * {@code "id": N} in a hand-written event (read by {@code EventCodec} as the key {@code {"id": N}}) names the
 * table's primary key whatever that column is called, when the key is one column and the table has no
 * column {@code id} of its own. Column names only: the key's value is bound as it came.
 */
final class KeyShorthand {

    static ChangeEvent resolve(ChangeEvent event, SchemaCatalog catalog) {
        if (event.key().size() != 1 || !event.key().containsKey("id")
                || catalog.columns(event.entity()).keySet().stream().anyMatch("id"::equalsIgnoreCase)) {
            return event;
        }
        List<String> primaryKey;
        try {
            primaryKey = catalog.primaryKey(event.entity());
        } catch (MissingPrimaryKeyException e) {
            return event; // said later, by the check of the key's columns
        }
        if (primaryKey.size() != 1) {
            throw new InvalidEventException("key.id", "\"id\" stands for the primary key only where it is one column; "
                    + "that of " + event.entity() + " is " + primaryKey + ", so give them all, such as \"key\": {\""
                    + String.join("\": …, \"", primaryKey) + "\": …}");
        }
        return new ChangeEvent(event.eventId(), event.entity(), event.action(), Map.of(primaryKey.get(0), event.key().get("id")),
                event.changes(), event.occurredAt());
    }

    private KeyShorthand() {
    }
}
