package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import dev.ricascade.sql.SqlText;

/**
 * A freed value is not free until its cascade is done. Called after a write has given a parent row referenced
 * values (inserted it, or changed referenced columns), in the same transaction, it refuses when the row would
 * adopt rows that are not its own:
 * <ul>
 * <li>a pending change (delete or key change) of this table held the value before: the cleanup service will
 * still look for that value's children, and would take the new row's for them;</li>
 * <li>a pending ON UPDATE CASCADE of another row moves children into the value;</li>
 * <li>children reference the value while no other row of the table holds it: orphans, which the orphan sweep
 * will repair, or the children of a change not made through the API.</li>
 * </ul>
 * A change that leaves the value equal to the row's own value as the column compares it (a change of letter
 * case under a case-insensitive collation) keeps the row's own children and is never refused. Every comparison
 * is the database's: the row just written is compared with the recorded values, and with child rows, in SQL.
 * The write itself went first, so the unique index makes writers of the same value wait for each other.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class FreedValues {

    private static final String ORPHANS = """
            SELECT COUNT(*) FROM %s r JOIN %s c ON %s
            WHERE %s%s AND NOT EXISTS (SELECT 1 FROM %s o WHERE %s AND NOT (%s))""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final TableKeys keys;
    private final PendingChanges pending;
    private final FirstMatch firstMatch;

    FreedValues(JdbcClient jdbc, RelationshipGraph graph, TableKeys keys, PendingChanges pending) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.keys = keys;
        this.pending = pending;
        this.firstMatch = new FirstMatch(jdbc);
    }

    /**
     * After inserting a parent row.
     *
     * @param primaryKey the new row's primary key, column to value
     * @throws PendingCascadeException when one of its referenced values is not free
     */
    public void requireFree(String table, Map<String, ?> primaryKey) {
        check(table, primaryKey, null, null);
    }

    /**
     * After changing columns of a parent row.
     *
     * @param primaryKey the row's primary key after the change
     * @param oldRow     the row's values before the change, at least of its referenced columns
     * @param changed    the columns that changed
     * @throws PendingCascadeException when one of its changed referenced values is not free
     */
    public void requireFree(String table, Map<String, ?> primaryKey, Map<String, ?> oldRow, Set<String> changed) {
        check(table, primaryKey, oldRow, changed);
    }

    private void check(String table, Map<String, ?> primaryKey, Map<String, ?> oldRow, Set<String> changed) {
        List<String> keyColumns = keys.primaryKey(table);
        List<Object> keyValues = keyColumns.stream().<Object>map(primaryKey::get).toList();
        String row = SqlText.quote(table) + " r WHERE " + SqlText.matching("r", keyColumns);
        List<PendingChange> changes = null;
        for (List<String> columns : referencedKeys(table)) {
            if (changed != null && columns.stream().noneMatch(changed::contains)) {
                continue;
            }
            if (oldRow != null) {
                List<Object> before = References.values(oldRow, columns);
                if (before != null && firstMatch.of(row, keyValues, "r", columns, List.of(new Candidate(before)), 0) == 0) {
                    continue; // the row's own value as the column compares it: its children are its own
                }
            }
            if (changes == null) {
                changes = pending.of(table);
            }
            refuseIfPending(table, columns, keyColumns, row, keyValues, changes);
            refuseIfOrphansReferenceIt(table, columns, keyColumns, keyValues);
        }
    }

    private void refuseIfPending(String table, List<String> columns, List<String> keyColumns, String row,
                                 List<Object> keyValues, List<PendingChange> changes) {
        List<Candidate> candidates = new ArrayList<>();
        List<PendingChange> owners = new ArrayList<>();
        List<Boolean> moveIn = new ArrayList<>();
        for (PendingChange change : changes) {
            List<Object> before = change.before(columns);
            if (before != null) {
                candidates.add(new Candidate(before));
                owners.add(change);
                moveIn.add(false);
            }
            List<Object> after = change.isUpdate() && change.changesAny(columns) && cascadesOnUpdate(table, columns)
                    ? change.after(columns) : null;
            List<Object> changedRow = change.after(keyColumns);
            if (after != null && changedRow != null) {
                // the row that made the change moves its children along with it: not into someone else's value
                candidates.add(new Candidate(after, keyColumns, changedRow));
                owners.add(change);
                moveIn.add(true);
            }
        }
        int match = firstMatch.of(row, keyValues, "r", columns, candidates, 0);
        if (match < 0) {
            return;
        }
        PendingChange owner = owners.get(match);
        String value = table + "(" + String.join(", ", columns) + ") = " + candidates.get(match).values();
        String why = moveIn.get(match)
                ? "the pending cascade of event " + owner.eventId() + " (" + table + " " + owner.oldValues() + " changed to "
                        + owner.newValues() + ") will move the rows that reference " + owner.before(columns) + " into it"
                : "it belonged to " + table + " " + owner.oldValues() + " until event " + owner.eventId() + " ("
                        + owner.action() + "), whose cascade is not done: the rows that reference it are still that row's";
        throw new PendingCascadeException(value + " is not free yet: " + why + ". Retry once the cascade is done"
                + " (GET /api/cascades/" + owner.eventId() + ").", owner.eventId());
    }

    private void refuseIfOrphansReferenceIt(String table, List<String> columns, List<String> keyColumns,
                                            List<Object> keyValues) {
        for (Relationship relationship : graph.childrenOf(table)) {
            if (!relationship.parent().columns().equals(columns)) {
                continue;
            }
            String child = relationship.child().table();
            String notItself = relationship.isSelfReferencing()
                    ? " AND NOT (" + SqlText.joining("c", keyColumns, "r", keyColumns) + ")" : "";
            String sql = ORPHANS.formatted(SqlText.quote(table), SqlText.quote(child),
                    SqlText.joining("c", relationship.child().columns(), "r", columns),
                    SqlText.matching("r", keyColumns), notItself, SqlText.quote(table),
                    SqlText.joining("o", columns, "r", columns), SqlText.joining("o", keyColumns, "r", keyColumns));
            long orphans = jdbc.sql(sql).params(keyValues).query(Long.class).single();
            if (orphans > 0) {
                throw new PendingCascadeException(orphans + " row(s) of " + child + " reference the new value of "
                        + table + "(" + String.join(", ", columns) + ") through relationship " + relationship.name()
                        + ", and no other " + table + " row holds it: they are orphans, left by a change that did not go"
                        + " through the API (or whose cascade failed), and the new row must not adopt them. The orphan"
                        + " sweep repairs them; retry after it ran, or use another value.", null);
            }
        }
    }

    /** The distinct column lists of this table that relationships reference. */
    private Set<List<String>> referencedKeys(String table) {
        Set<List<String>> columns = new LinkedHashSet<>();
        graph.childrenOf(table).forEach(r -> columns.add(r.parent().columns()));
        return columns;
    }

    private boolean cascadesOnUpdate(String table, List<String> columns) {
        return graph.childrenOf(table).stream()
                .anyMatch(r -> r.parent().columns().equals(columns) && r.onUpdate() == ReferentialAction.CASCADE);
    }
}
