package dev.ricascade.api.integrity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A delete or key change of a parent row whose cascade has not finished: until it has, the children that
 * match {@code oldValues} still belong to that row.
 *
 * @param eventId   the event that starts the cascade
 * @param table     the parent table
 * @param action    {@code deleted} or {@code updated}
 * @param oldValues the row's primary key and referenced columns before the change
 * @param newValues the changed columns after it; empty for a delete
 */
record PendingChange(String eventId, String table, String action, Map<String, Object> oldValues,
                     Map<String, Object> newValues) {

    static final String DELETED = "deleted";
    static final String UPDATED = "updated";

    boolean isUpdate() {
        return UPDATED.equals(action);
    }

    /** Whether the change wrote any of these columns. */
    boolean changesAny(List<String> columns) {
        return columns.stream().anyMatch(newValues::containsKey);
    }

    /** The values of these columns before the change, or null when one is NULL (it references nothing). */
    List<Object> before(List<String> columns) {
        return References.values(oldValues, columns);
    }

    /** The values of these columns after the change (unchanged ones as before), or null when one is NULL. */
    List<Object> after(List<String> columns) {
        Map<String, Object> row = new LinkedHashMap<>(oldValues);
        row.putAll(newValues);
        return References.values(row, columns);
    }
}
