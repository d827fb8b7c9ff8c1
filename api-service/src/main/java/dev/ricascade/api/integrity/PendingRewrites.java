package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * A child row written while a pending ON UPDATE CASCADE has still to rewrite its siblings: InnoDB's cascade
 * would already have rewritten them, so the write is judged against the rows as they will be. Called after the
 * row is written (inserted or re-pointed), in the same transaction: for each ON UPDATE CASCADE relationship the
 * row references a parent through, the pending key changes of that parent row (found by the database, comparing
 * the row's reference with the changed row's key) move the rows still referencing its old values to the parent's
 * current ones, which the written row references too; if one of them equals the written row in the other
 * columns of a UNIQUE key of the child table (compared column against column), the rewrite would hit a
 * duplicate, and InnoDB refuses the write.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class PendingRewrites {

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
            for (PendingChange change : pending.of(parent)) {
                List<Object> changedRow = change.after(parentKey);
                if (change.isUpdate() && change.changesAny(relationship.parent().columns()) && changedRow != null
                        && change.before(relationship.parent().columns()) != null) {
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
