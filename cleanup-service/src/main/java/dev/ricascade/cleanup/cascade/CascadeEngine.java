package dev.ricascade.cleanup.cascade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.manifest.TableColumns;

/**
 * Applies InnoDB's referential actions for a parent row that is already gone (or whose key already
 * changed), child table by child table, in batches ({@link CascadeWalk}, {@link ChildBatch}, the SQL in
 * {@link CascadeStatements}).
 * <p>
 * Invariants: children are always found by their parent's values, never by remembered ids, so rows
 * inserted meanwhile are found too, and the database decides which rows match; work goes bottom-up per
 * batch (a row is deleted, or its key rewritten, only after everything that depends on it through the
 * manifest has been dealt with), so a crash at any instant leaves a state from which running the same
 * cascade again completes it; no statement touches more than {@code batchSize} rows, and each runs in its
 * own short transaction, kept within the statement budget by {@link BatchSizes}, in which the rows it
 * changed are also counted. Memory is one batch per level of depth, whatever the width of the subtree.
 */
public final class CascadeEngine {

    private static final Logger log = LoggerFactory.getLogger(CascadeEngine.class);

    private final CascadeWalk.Parts parts;

    /**
     * @param transactions         runs each row-changing statement, with the counting of what it changed
     * @param batchSize            the most rows one statement may touch
     * @param statementBudget      the longest one statement (its own transaction) should take; batches shrink
     *                             below {@code batchSize} to stay well within it
     * @param concurrentStatements how many leaf statements (deleting or nulling rows nothing depends on) may run at
     *                             once, each on its own connection
     * @param stopRequested        checked before every batch; when true the cascade throws {@link CascadeStoppedException}
     */
    public CascadeEngine(JdbcClient jdbc, TransactionOperations transactions, RelationshipGraph graph, SchemaCatalog catalog,
                         int batchSize, Duration statementBudget, int concurrentStatements, BooleanSupplier stopRequested) {
        this.parts = new CascadeWalk.Parts(new CascadeStatements(jdbc, transactions), new LiveChildren(jdbc, graph, catalog),
                graph, catalog,
                new BatchSizes(batchSize, statementBudget), new LeafStatements(concurrentStatements), stopRequested);
    }

    /** Stops the threads of concurrent leaf statements. */
    public void close() {
        parts.leafStatements().close();
    }

    /**
     * The parent row with these key values was deleted: apply each relationship's ON DELETE action to
     * its children. Relationships whose parent columns the key lacks are skipped and reported; a value that
     * another row holds again is reported as a conflict and its children are left alone.
     */
    public CascadeReport parentDeleted(String table, Map<String, Object> key, CascadeProgress progress) {
        CascadeWalk walk = new CascadeWalk(parts, progress);
        for (Relationship relationship : parts.graph().childrenOf(table)) {
            List<Object> values = values(key, relationship, walk.report);
            if (values == null || values.contains(null)) {
                continue;
            }
            if (parts.statements().rowHolds(relationship.parent(), values)) {
                walk.heldByAnotherRow(relationship, values);
            } else {
                walk.apply(relationship, relationship.onDelete(), ParentChange.deleted(List.of(values)));
            }
        }
        return walk.report;
    }

    /**
     * The parent row's key changed from {@code key} to {@code key} with {@code changes} applied: apply
     * each affected relationship's ON UPDATE action to its children.
     */
    public CascadeReport parentUpdated(String table, Map<String, Object> key, Map<String, Object> changes,
                                       CascadeProgress progress) {
        return parentUpdated(table, key, changes, false, progress);
    }

    /**
     * @param rowGone the updated row has been deleted since, by a cascade from an ancestor that ran first: the
     *                children an ON UPDATE CASCADE would have moved get the relationship's ON DELETE action instead,
     *                which is where InnoDB, moving them and then deleting their parent, left them
     */
    public CascadeReport parentUpdated(String table, Map<String, Object> key, Map<String, Object> changes, boolean rowGone,
                                       CascadeProgress progress) {
        CascadeWalk walk = new CascadeWalk(parts, progress);
        for (Relationship relationship : parts.graph().childrenOf(table)) {
            if (Collections.disjoint(relationship.parent().columns(), changes.keySet())) {
                continue;
            }
            List<Object> before = values(key, relationship, walk.report);
            if (before == null || before.contains(null)) {
                continue;
            }
            List<Object> after = new ArrayList<>(before);
            for (int i = 0; i < after.size(); i++) {
                String column = relationship.parent().columns().get(i);
                if (changes.containsKey(column)) {
                    after.set(i, changes.get(column));
                }
            }
            if (Values.exact(before).equals(Values.exact(after))) {
                continue; // byte for byte the same: InnoDB cascades nothing either
            }
            // a change of letter case only finds the updated row itself holding both, which does not count
            if (parts.statements().anotherRowHolds(relationship.parent(), before, after)) {
                walk.heldByAnotherRow(relationship, before);
            } else if (rowGone && relationship.onUpdate() == ReferentialAction.CASCADE) {
                walk.apply(relationship, relationship.onDelete(), ParentChange.deleted(List.of(before)));
            } else {
                walk.apply(relationship, relationship.onUpdate(), ParentChange.rewritten(List.of(before), List.of(after)));
            }
        }
        return walk.report;
    }

    /**
     * Applies a relationship's ON DELETE action to the children that reference these parent values, as if
     * parents holding them had just been deleted. The orphan sweep repairs with this.
     */
    public CascadeReport applyOnDelete(Relationship relationship, Collection<List<Object>> parentValues,
                                       CascadeProgress progress) {
        return deleteInBatches(relationship, relationship.onDelete(),
                parentValues.stream().filter(v -> !v.contains(null)).toList(), progress);
    }

    /**
     * Deletes these rows of a table, identified by primary key, bottom-up: each relationship's ON DELETE
     * action is applied beneath them first. Counted under the table's name. The orphan sweep removes
     * soft-deleted rows with this.
     */
    public CascadeReport deleteRows(String table, Collection<List<Object>> primaryKeys, CascadeProgress progress) {
        List<String> key = parts.catalog().primaryKey(table);
        Relationship self = new Relationship(table, new TableColumns(table, key), new TableColumns(table, key),
                ReferentialAction.CASCADE, ReferentialAction.RESTRICT);
        return deleteInBatches(self, ReferentialAction.CASCADE, List.copyOf(primaryKeys), progress);
    }

    /** Whether a row of the table holds these values in these columns, as the database compares them. */
    public boolean rowHolds(TableColumns columns, List<Object> values) {
        return parts.statements().rowHolds(columns, values);
    }

    /** Whether a row holds {@code before} in these columns but not {@code after}, as the database compares them. */
    public boolean anotherRowHolds(TableColumns columns, List<Object> before, List<Object> after) {
        return parts.statements().anotherRowHolds(columns, before, after);
    }

    /** A walk for a combined run of several events ({@link CombinedDeletes}), in the caller's one transaction. */
    CascadeWalk combinedWalk(RunCounts counts, CascadeProgress progress) {
        return new CascadeWalk(parts, progress, counts);
    }

    RelationshipGraph graph() {
        return parts.graph();
    }

    CascadeStatements statements() {
        return parts.statements();
    }

    /** Applies the action to the children matched by these values, a batch's worth of values at a time. */
    private CascadeReport deleteInBatches(Relationship relationship, ReferentialAction action, List<List<Object>> values,
                                          CascadeProgress progress) {
        CascadeWalk walk = new CascadeWalk(parts, progress);
        int batchSize = parts.batchSizes().ceiling();
        for (int from = 0; from < values.size(); from += batchSize) {
            walk.apply(relationship, action,
                    ParentChange.deleted(values.subList(from, Math.min(values.size(), from + batchSize))));
        }
        return walk.report;
    }

    private static List<Object> values(Map<String, Object> key, Relationship relationship, CascadeReport report) {
        List<Object> values = new ArrayList<>();
        for (String column : relationship.parent().columns()) {
            if (!key.containsKey(column)) {
                report.skipped(relationship, "the event's key lacks '" + column + "'; the orphan sweep will find "
                        + "what this relationship leaves behind");
                log.warn("Skipping relationship {}: the event's key lacks its parent column '{}'", relationship.name(), column);
                return null;
            }
            values.add(key.get(column));
        }
        return values;
    }
}
