package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.integrity.FirstMatch.Candidate;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.schema.TableSchema.UniqueKey;
import dev.ricascade.sql.SqlText;

/**
 * A child row written while a pending ON UPDATE CASCADE (or SET NULL) has still to rewrite the rows that reference
 * the parent's old values: InnoDB's cascade would already have rewritten them, so the write is judged against the
 * rows as they will be. Called after the row is written (inserted or re-pointed), in the same transaction:
 * <ul>
 * <li>the written row must not be one of those rows ({@link #requireNotRewritten}): InnoDB's cascade ran before the
 * write and left it as written;</li>
 * <li>for each ON UPDATE CASCADE relationship the row references a parent through, the pending key changes of that
 * parent row (found by the database, comparing the row's reference with the changed row's key) move the rows still
 * referencing its old values to the parent's current ones, which the written row references too; if one of them
 * equals the written row in the other columns of a UNIQUE key of the child table (compared column against column),
 * the rewrite would hit a duplicate, and InnoDB refuses the write ({@link #requireNoCollision}).</li>
 * </ul>
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class PendingRewrites {

    private static final String WRITTEN_ROW = """
            %s n WHERE %s""";
    private static final String COLLIDING = """
            SELECT %s FROM %s n JOIN %s o ON %s
            WHERE %s AND %s AND NOT (%s) LIMIT 1""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final TableKeys keys;
    private final UniqueKeys uniqueKeys;
    private final PendingChanges pending;
    private final FirstMatch firstMatch;

    PendingRewrites(JdbcClient jdbc, RelationshipGraph graph, TableKeys keys,
                    UniqueKeys uniqueKeys, PendingChanges pending) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.keys = keys;
        this.uniqueKeys = uniqueKeys;
        this.pending = pending;
        this.firstMatch = new FirstMatch(jdbc);
    }

    /**
     * After inserting a child row.
     *
     * @param primaryKey the written row's primary key
     * @throws PendingCascadeException naming the event whose cascade would rewrite the row
     */
    public void requireNotRewritten(String childTable, Map<String, ?> primaryKey) {
        check(childTable, primaryKey, null);
    }

    /**
     * After changing columns of a child row: only relationships some of whose child columns changed are checked
     * (a reference the row already had is the cascade's to rewrite, as InnoDB's would have).
     *
     * @param primaryKey the row's primary key after the change
     * @param changed    the columns that changed
     * @throws PendingCascadeException naming the event whose cascade would rewrite the row
     */
    public void requireNotRewritten(String childTable, Map<String, ?> primaryKey, Set<String> changed) {
        check(childTable, primaryKey, changed);
    }

    /**
     * The cleanup service rewrites every row that matches a pending change's old values, as the column compares them.
     * Only a change the column does not see (of letter case, under a case-insensitive collation) leaves a live parent
     * for the old values; any other old value has no parent, and the write was refused as a missing parent already.
     */
    private void check(String childTable, Map<String, ?> primaryKey, Set<String> changed) {
        List<String> childKey = keys.primaryKey(childTable);
        List<Object> rowKey = childKey.stream().<Object>map(primaryKey::get).toList();
        String row = WRITTEN_ROW.formatted(SqlText.quote(childTable), SqlText.matching("n", childKey));
        for (Relationship relationship : graph.parentsOf(childTable)) {
            List<String> columns = relationship.child().columns();
            if (!rewritesOnUpdate(relationship) || changed != null && columns.stream().noneMatch(changed::contains)) {
                continue;
            }
            List<PendingChange> rewrites = keyChanges(relationship);
            List<Candidate> oldValues = rewrites.stream()
                    .map(change -> new Candidate(change.before(relationship.parent().columns()))).toList();
            int match = firstMatch.of(row, rowKey, "n", columns, oldValues, 0);
            if (match >= 0) {
                throw rewritten(childTable, relationship, rewrites.get(match));
            }
        }
    }

    private static PendingCascadeException rewritten(String childTable, Relationship relationship,
                                                     PendingChange rewrite) {
        return new PendingCascadeException(childTable + "(" + String.join(", ", relationship.child().columns())
                + ") of the row written equals " + rewrite.before(relationship.parent().columns())
                + " as the column compares it, the value " + relationship.parent().table() + " " + rewrite.oldValues()
                + " had until event " + rewrite.eventId() + " changed it to " + rewrite.newValues() + ": that event's"
                + " cascade (ON UPDATE " + relationship.onUpdate().sqlName() + ", relationship " + relationship.name()
                + ") is not done and would take this row for one that references the old value, where InnoDB's cascade"
                + " ran before this write and left the row as written. Retry once the cascade is done"
                + " (GET /api/cascades/" + rewrite.eventId() + ").", rewrite.eventId());
    }

    /**
     * @param childTable the table written to
     * @param primaryKey the written row's primary key
     * @throws PendingDuplicateException naming the UNIQUE key, the row it collides with and the event
     */
    public void requireNoCollision(String childTable, Map<String, ?> primaryKey) {
        List<String> childKey = keys.primaryKey(childTable);
        List<Object> rowKey = childKey.stream().<Object>map(primaryKey::get).toList();
        for (Relationship relationship : graph.parentsOf(childTable)) {
            List<UniqueKey> affected = affectedKeys(relationship);
            if (relationship.onUpdate() != ReferentialAction.CASCADE || affected.isEmpty()) {
                continue;
            }
            String parent = relationship.parent().table();
            List<String> parentKey = keys.primaryKey(parent);
            List<PendingChange> rewrites = new ArrayList<>();
            List<Candidate> rows = new ArrayList<>();
            for (PendingChange change : keyChanges(relationship)) {
                List<Object> changedRow = change.after(parentKey);
                if (changedRow != null) {
                    rewrites.add(change);
                    rows.add(new Candidate(changedRow));
                }
            }
            if (rewrites.isEmpty()) {
                continue;
            }
            // the parent the written row references, as the database matches it
            String referenced = SqlText.quote(childTable) + " n JOIN " + SqlText.quote(parent) + " p ON "
                    + SqlText.joining("n", relationship.child().columns(), "p", relationship.parent().columns())
                    + " WHERE " + SqlText.matching("n", childKey);
            for (int match = firstMatch.of(referenced, rowKey, "p", parentKey, rows, 0); match >= 0;
                 match = firstMatch.of(referenced, rowKey, "p", parentKey, rows, match + 1)) {
                PendingChange rewrite = rewrites.get(match);
                for (UniqueKey key : affected) {
                    refuseIfColliding(childTable, childKey, rowKey, relationship, key, rewrite);
                }
            }
        }
    }

    private void refuseIfColliding(String childTable, List<String> childKey, List<Object> rowKey,
                                   Relationship relationship, UniqueKey key, PendingChange rewrite) {
        List<String> others = key.columns().stream().filter(c -> !contains(relationship.child().columns(), c)).toList();
        List<Object> oldValues = rewrite.before(relationship.parent().columns());
        String sql = COLLIDING.formatted(SqlText.columnList("o", childKey),
                SqlText.quote(childTable), SqlText.quote(childTable),
                others.isEmpty() ? "1 = 1" : SqlText.joining("o", others, "n", others),
                SqlText.matching("n", childKey), SqlText.matching("o", relationship.child().columns()),
                SqlText.joining("o", childKey, "n", childKey));
        List<Object> params = new ArrayList<>(rowKey); // the written row's key, then the references it had
        params.addAll(oldValues);
        List<Map<String, Object>> colliding = jdbc.sql(sql).params(params).query().listOfRows();
        if (!colliding.isEmpty()) {
            throw new PendingDuplicateException("Duplicate entry for key " + key.name() + " " + key.columns() + " of "
                    + childTable + ": the row " + colliding.get(0) + ", which references " + relationship.parent()
                    + " = " + oldValues + ", takes the new value of " + relationship.parent().table() + " "
                    + rewrite.oldValues() + " (changed to " + rewrite.newValues() + ") when the cascade of event "
                    + rewrite.eventId() + " runs, as InnoDB's cascade already would have, and this row would then"
                    + " duplicate it. InnoDB refuses this write; choose other values.", rewrite.eventId(), key.name());
        }
    }

    /** The pending changes of the relationship's parent table that changed the columns it references. */
    private List<PendingChange> keyChanges(Relationship relationship) {
        List<String> parentColumns = relationship.parent().columns();
        return pending.of(relationship.parent().table()).stream()
                .filter(change -> change.isUpdate() && change.changesAny(parentColumns)
                        && change.before(parentColumns) != null)
                .toList();
    }

    private static boolean rewritesOnUpdate(Relationship relationship) {
        ReferentialAction action = relationship.onUpdate();
        return action == ReferentialAction.CASCADE || action == ReferentialAction.SET_NULL;
    }

    /** The UNIQUE keys of the child table that hold a column the relationship's ON UPDATE CASCADE rewrites. */
    private List<UniqueKey> affectedKeys(Relationship relationship) {
        return uniqueKeys.of(relationship.child().table()).stream()
                .filter(k -> k.columns().stream().anyMatch(c -> contains(relationship.child().columns(), c)))
                .toList();
    }

    private static boolean contains(List<String> columns, String column) {
        return columns.stream().anyMatch(column::equalsIgnoreCase); // identifiers, as MySQL compares them
    }
}
