package dev.ricascade.api.cascades;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.integrity.FreedValues;
import dev.ricascade.api.integrity.PendingChanges;
import dev.ricascade.api.integrity.PendingRewrites;
import dev.ricascade.api.integrity.ReferenceGuard;
import dev.ricascade.api.integrity.TableKeys;
import dev.ricascade.api.outbox.Outbox;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.api.RetriedOnDeadlock;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.sql.SqlText;

/**
 * The main action on a parent row, generic from the manifest: delete it, or change columns that children
 * reference, refusing what InnoDB would refuse, and record the event that starts the cascade and the pending
 * change that stands for it until the cascade is done, all in the caller's transaction (or a new one).
 */
@Component
public class ParentChanges {

    private static final String LOCK_ROW = """
            SELECT %s FROM %s WHERE %s FOR UPDATE""";
    private static final String DELETE_ROW = """
            DELETE FROM %s WHERE %s""";
    private static final String UPDATE_ROW = """
            UPDATE %s SET %s WHERE %s""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final TableKeys keys;
    private final ReferenceGuard guard;
    private final Outbox outbox;
    private final PendingChanges pending;
    private final FreedValues freedValues;
    private final PendingRewrites rewrites;

    ParentChanges(JdbcClient jdbc, RelationshipGraph graph, TableKeys keys, ReferenceGuard guard, Outbox outbox,
                  PendingChanges pending, FreedValues freedValues, PendingRewrites rewrites) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.keys = keys;
        this.guard = guard;
        this.outbox = outbox;
        this.pending = pending;
        this.freedValues = freedValues;
        this.rewrites = rewrites;
    }

    /**
     * Deletes the row and records a {@code deleted} event whose key holds the row's primary key and every
     * column a relationship references.
     *
     * @param primaryKey the row's primary key, column to value
     * @param rowName    the row as the client knows it, such as "item 5", for the 404 when there is none
     * @return the event id, which names the cascade's status; null when the outbox is off (a binlog capture publishes)
     * @throws NotFoundException when there is no such row
     * @throws dev.ricascade.api.integrity.RestrictedException when InnoDB would refuse the delete, such as for a
     *         RESTRICT / NO ACTION relationship with rows anywhere the cascade reaches
     */
    @RetriedOnDeadlock
    @Transactional
    public String delete(String table, Map<String, ?> primaryKey, String rowName) {
        Map<String, Object> row = lockRow(table, primaryKey, eventKeyColumns(table), rowName);
        guard.requireDeletable(table, row);
        jdbc.sql(DELETE_ROW.formatted(SqlText.quote(table), SqlText.matching(keys.primaryKey(table))))
                .params(keyValues(table, primaryKey)).update();
        ChangeEvent event = ChangeEvent.deleted(UUID.randomUUID().toString(), table, row, Instant.now());
        if (!outbox.append(event, aggregateKey(table, primaryKey))) {
            return null; // no event of ours: nothing to watch, nothing pending under our id
        }
        pending.deleted(event.eventId(), table, row);
        return event.eventId();
    }

    /**
     * Changes columns of the row. Changed child columns must reference a live parent, and not by the old value of a
     * key change whose cascade is pending (which would rewrite them too); a change of referenced
     * columns is refused where InnoDB would refuse it (ON UPDATE RESTRICT with rows, also down an ON UPDATE
     * CASCADE chain; SET NULL into a NOT NULL column). When a changed column is referenced
     * by a relationship, records an {@code updated} event: key = the old values of the primary key and
     * every referenced column, changes = the new values of the changed columns.
     *
     * @param rowName the row as the client knows it, such as "customer 5", for the 404 when there is none
     * @return the event id, or null when no referenced column changed (nothing to cascade)
     */
    @Transactional
    public String update(String table, Map<String, ?> primaryKey, Map<String, ?> changes, String rowName) {
        Set<String> read = new LinkedHashSet<>(eventKeyColumns(table));
        graph.parentsOf(table).forEach(r -> read.addAll(r.child().columns()));
        read.addAll(changes.keySet());
        List<String> columns = List.copyOf(read);
        Map<String, Object> row = lockRow(table, primaryKey, columns, rowName);
        Map<String, Object> changed = new LinkedHashMap<>();
        changes.forEach((column, value) -> {
            if (!sameValue(row.get(column), value)) {
                changed.put(column, value);
            }
        });
        if (changed.isEmpty()) {
            return null;
        }
        guard.requireUpdatable(table, row, changed);
        Map<String, Object> newRow = new LinkedHashMap<>(row);
        newRow.putAll(changed);
        guard.requireLiveParents(table, newRow, changed.keySet());
        List<String> changedColumns = List.copyOf(changed.keySet());
        List<Object> params = new ArrayList<>(changed.values()); // SET's placeholders, then WHERE's
        params.addAll(keyValues(table, primaryKey));
        jdbc.sql(UPDATE_ROW.formatted(SqlText.quote(table), SqlText.assignments(changedColumns),
                        SqlText.matching(keys.primaryKey(table))))
                .params(params).update();
        Map<String, Object> newPrimaryKey = new LinkedHashMap<>();
        keys.primaryKey(table).forEach(c -> newPrimaryKey.put(c, newRow.get(c)));
        rewrites.requireNotRewritten(table, newPrimaryKey, changed.keySet());
        rewrites.requireNoCollision(table, newPrimaryKey);
        if (changedColumns.stream().noneMatch(graph.referencedColumns(table)::contains)) {
            return null;
        }
        freedValues.requireFree(table, newPrimaryKey, row, changed.keySet());
        Map<String, Object> oldKey = new LinkedHashMap<>();
        eventKeyColumns(table).forEach(c -> oldKey.put(c, row.get(c)));
        ChangeEvent event = ChangeEvent.updated(UUID.randomUUID().toString(), table, oldKey, changed, Instant.now());
        if (!outbox.append(event, aggregateKey(table, primaryKey))) {
            return null;
        }
        Map<String, Object> newKey = new LinkedHashMap<>();
        changed.forEach((column, value) -> {
            if (oldKey.containsKey(column)) {
                newKey.put(column, value);
            }
        });
        pending.updated(event.eventId(), table, oldKey, newKey);
        return event.eventId();
    }

    /** The primary key and every column a relationship references, the key of this table's events. */
    private List<String> eventKeyColumns(String table) {
        Set<String> columns = new LinkedHashSet<>(keys.primaryKey(table));
        columns.addAll(graph.referencedColumns(table));
        return List.copyOf(columns);
    }

    private Map<String, Object> lockRow(String table, Map<String, ?> primaryKey, List<String> columns, String rowName) {
        String sql = LOCK_ROW.formatted(SqlText.columnList(columns), SqlText.quote(table), SqlText.matching(keys.primaryKey(table)));
        List<Map<String, Object>> rows = jdbc.sql(sql).params(keyValues(table, primaryKey)).query().listOfRows();
        if (rows.isEmpty()) {
            throw new NotFoundException("There is no " + rowName + ".");
        }
        Map<String, Object> row = new LinkedHashMap<>();
        columns.forEach(c -> row.put(c, rows.get(0).get(c)));
        return row;
    }

    /** The primary key's values in key order, as {@link SqlText#matching} binds them. */
    private List<Object> keyValues(String table, Map<String, ?> primaryKey) {
        List<String> columns = keys.primaryKey(table);
        if (!primaryKey.keySet().containsAll(columns)) {
            throw new IllegalArgumentException("the primary key of " + table + " is " + columns + ", not " + primaryKey.keySet());
        }
        return columns.stream().<Object>map(primaryKey::get).toList();
    }

    /** The table and primary key values in key order: the events of one row are published in order. */
    private String aggregateKey(String table, Map<String, ?> primaryKey) {
        return table + ":" + keys.primaryKey(table).stream().map(c -> String.valueOf(primaryKey.get(c)))
                .collect(Collectors.joining(","));
    }

    private static boolean sameValue(Object current, Object wanted) {
        return current == null ? wanted == null : wanted != null && String.valueOf(current).equals(String.valueOf(wanted));
    }
}
