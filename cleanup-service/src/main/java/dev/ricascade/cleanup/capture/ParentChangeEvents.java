package dev.ricascade.cleanup.capture;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * Turns the row images of the binlog into the events the outbox would have published: for a parent table of the
 * manifest, a {@code deleted} event per deleted row (key: its primary key and every referenced column, before
 * the change) and an {@code updated} event per row whose referenced columns changed (changes: their new values).
 * An update that leaves every referenced column's bytes as they were publishes nothing; whether the new value
 * still matches the children is the database's business when the cascade runs. Event ids are the row's place
 * in the binlog, so reading the same stretch again yields the same ids.
 */
final class ParentChangeEvents {

    private static final Logger log = LoggerFactory.getLogger(ParentChangeEvents.class);

    /** How many re-keyed rows keep the ordering key they had before their primary key changed. */
    static final int REKEYED_ROWS = 100_000;

    private final RelationshipGraph graph;
    /**
     * A row whose primary key changed keeps the ordering key of its first identity, so that its later events (its
     * delete under the new key) land on the same shard as the earlier ones and cannot overtake them. Newest last;
     * the oldest are forgotten past {@link #REKEYED_ROWS}, and all of them on a restart (the orphan sweep repairs
     * what a reordering then leaves).
     */
    private final Map<String, String> rekeyed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REKEYED_ROWS;
        }
    };

    ParentChangeEvents(RelationshipGraph graph) {
        this.graph = graph;
    }

    /** A change of an updated row's primary key is remembered for the ordering of its later events. */
    private synchronized void rowUpdated(TableLayout table, Serializable[] before, Serializable[] after) {
        String was = identity(table, before);
        String is = identity(table, after);
        if (!was.equals(is)) {
            rekeyed.put(is, rekeyed.getOrDefault(was, was));
            rekeyed.remove(was);
        }
    }

    boolean isParent(String table) {
        return !graph.referencedColumns(table).isEmpty();
    }

    Optional<OutgoingEvent> deleted(TableLayout table, Serializable[] before, String eventId, Instant committedAt) {
        String orderKey = orderKey(table, before);
        synchronized (this) {
            rekeyed.remove(identity(table, before)); // the row is gone; a new one under this key is another row
        }
        return key(table, before, eventId).map(key -> new OutgoingEvent(
                ChangeEvent.deleted(eventId, table.table(), key, committedAt), orderKey));
    }

    Optional<OutgoingEvent> updated(TableLayout table, Serializable[] before, Serializable[] after, String eventId,
                                    Instant committedAt) {
        String orderKey = orderKey(table, before);
        rowUpdated(table, before, after);
        Map<String, Object> changes = new LinkedHashMap<>();
        for (String column : graph.referencedColumns(table.table())) {
            int index = table.indexOf(column);
            if (index >= 0 && !Objects.deepEquals(before[index], after[index])) {
                changes.put(column, table.value(index, after[index]));
            }
        }
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        if (changes.containsValue(TableLayout.NOT_REPRESENTABLE)) {
            log.warn("Not publishing {}: a changed key column of {} is binary, which an event cannot carry; the orphan "
                    + "sweep repairs its children", eventId, table.table());
            return Optional.empty();
        }
        return key(table, before, eventId).map(key -> new OutgoingEvent(
                ChangeEvent.updated(eventId, table.table(), key, changes, committedAt), orderKey));
    }

    /** The row's primary key and referenced columns before the change; NULLs left out, as nothing references them. */
    private Optional<Map<String, Object>> key(TableLayout table, Serializable[] before, String eventId) {
        Set<String> columns = new LinkedHashSet<>(table.primaryKey());
        columns.addAll(graph.referencedColumns(table.table()));
        Map<String, Object> key = new LinkedHashMap<>();
        for (String column : columns) {
            int index = table.indexOf(column);
            if (index < 0) {
                log.warn("Not publishing {}: the binlog's {} has no column {} that the manifest references", eventId,
                        table.table(), column);
                return Optional.empty();
            }
            Object value = table.value(index, before[index]);
            if (value == TableLayout.NOT_REPRESENTABLE) {
                log.warn("Not publishing {}: key column {}.{} is binary, which an event cannot carry; the orphan sweep "
                        + "repairs its children", eventId, table.table(), column);
                return Optional.empty();
            }
            if (value != null) {
                key.put(column, value);
            }
        }
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    /**
     * {@code <table>:<primary key values joined by ','>}, as the api-service's outbox builds it, or for a re-keyed
     * row the one of its first identity.
     */
    private synchronized String orderKey(TableLayout table, Serializable[] before) {
        String identity = identity(table, before);
        return rekeyed.getOrDefault(identity, identity);
    }

    private static String identity(TableLayout table, Serializable[] row) {
        List<String> values = new ArrayList<>();
        for (String column : table.primaryKey()) {
            int index = table.indexOf(column);
            values.add(String.valueOf(table.value(index, row[index])));
        }
        return table.table() + ":" + values.stream().collect(Collectors.joining(","));
    }
}
