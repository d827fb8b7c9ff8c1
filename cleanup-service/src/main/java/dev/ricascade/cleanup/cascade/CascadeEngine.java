package dev.ricascade.cleanup.cascade;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.cleanup.schema.SqlText;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.manifest.TableColumns;

/**
 * Applies InnoDB's referential actions for a parent row that is already gone (or whose key already
 * changed), child table by child table, in batches.
 * <p>
 * Invariants: children are always found by their parent's values, never by remembered ids, so rows
 * inserted meanwhile are found too; work goes bottom-up per batch (a row is deleted, or its key
 * rewritten, only after everything that depends on it through the manifest has been dealt with), so
 * a crash at any instant leaves a state from which running the same cascade again completes it; no
 * statement touches more than {@code batchSize} rows, and each runs in its own short transaction, kept
 * within the statement budget by {@link BatchSizes}.
 * Depth is handled with an explicit stack, so a chain of any length cannot overflow the thread's stack,
 * and memory is one batch per level of depth, whatever the width of the subtree.
 */
public final class CascadeEngine {

    private static final Logger log = LoggerFactory.getLogger(CascadeEngine.class);

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final SchemaCatalog catalog;
    private final BatchSizes batchSizes;
    private final LeafStatements leafStatements;
    private final BooleanSupplier stopRequested;

    /**
     * @param batchSize            the most rows one statement may touch
     * @param statementBudget      the longest one statement (its own transaction) should take; batches shrink
     *                             below {@code batchSize} to stay well within it
     * @param concurrentStatements how many leaf statements (deleting or nulling rows nothing depends on) may run at
     *                             once, each on its own connection
     * @param stopRequested        checked before every batch; when true the cascade throws {@link CascadeStoppedException}
     */
    public CascadeEngine(JdbcClient jdbc, RelationshipGraph graph, SchemaCatalog catalog, int batchSize,
                         Duration statementBudget, int concurrentStatements, BooleanSupplier stopRequested) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.catalog = catalog;
        this.batchSizes = new BatchSizes(batchSize, statementBudget);
        this.leafStatements = new LeafStatements(concurrentStatements);
        this.stopRequested = stopRequested;
    }

    /** Stops the threads of concurrent leaf statements. */
    public void close() {
        leafStatements.close();
    }

    /**
     * The parent row with these key values was deleted: apply each relationship's ON DELETE action to
     * its children. Relationships whose parent columns the key lacks are skipped and reported.
     */
    public CascadeReport parentDeleted(String table, Map<String, Object> key, CascadeProgress progress) {
        Run run = new Run(progress);
        for (Relationship relationship : graph.childrenOf(table)) {
            List<Object> values = values(key, relationship, run);
            if (values != null && !values.contains(null) && !parentExists(relationship, values)) {
                run.execute(relationship, relationship.onDelete(), Change.delete(List.of(values)));
            }
        }
        return run.report;
    }

    /**
     * The parent row's key changed from {@code key} to {@code key} with {@code changes} applied: apply
     * each affected relationship's ON UPDATE action to its children.
     */
    public CascadeReport parentUpdated(String table, Map<String, Object> key, Map<String, Object> changes,
                                       CascadeProgress progress) {
        Run run = new Run(progress);
        for (Relationship relationship : graph.childrenOf(table)) {
            if (Collections.disjoint(relationship.parent().columns(), changes.keySet())) {
                continue;
            }
            List<Object> before = values(key, relationship, run);
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
                continue;
            }
            // a change of letter case only would find the updated row itself still holding the old value
            if (Values.sameUnderCollation(before, after) || !parentExists(relationship, before)) {
                run.execute(relationship, relationship.onUpdate(), Change.rewrite(Map.of(before, after)));
            }
        }
        return run.report;
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
        List<String> key = catalog.primaryKey(table);
        Relationship self = new Relationship(table, new TableColumns(table, key), new TableColumns(table, key),
                ReferentialAction.CASCADE, ReferentialAction.RESTRICT);
        return deleteInBatches(self, ReferentialAction.CASCADE, List.copyOf(primaryKeys), progress);
    }

    /** Applies the action to the children matched by these values, a batch's worth of values at a time. */
    private CascadeReport deleteInBatches(Relationship relationship, ReferentialAction action, List<List<Object>> values,
                                          CascadeProgress progress) {
        Run run = new Run(progress);
        int batchSize = batchSizes.ceiling();
        for (int from = 0; from < values.size(); from += batchSize) {
            run.execute(relationship, action, Change.delete(values.subList(from, Math.min(values.size(), from + batchSize))));
        }
        return run.report;
    }

    /** Whether a row of the relationship's parent table still holds these values in its parent columns. */
    public boolean parentExists(Relationship relationship, List<Object> values) {
        String sql = "SELECT 1 FROM " + SqlText.quote(relationship.parent().table()) + " WHERE "
                + SqlText.equal(relationship.parent().columns()) + " LIMIT 1";
        return !jdbc.sql(sql).params(values).query((rs, i) -> 1).list().isEmpty();
    }

    private static List<Object> values(Map<String, Object> key, Relationship relationship, Run run) {
        List<Object> values = new ArrayList<>();
        for (String column : relationship.parent().columns()) {
            if (!key.containsKey(column)) {
                run.report.skipped(relationship, "the event's key lacks '" + column + "'; the orphan sweep will find "
                        + "what this relationship leaves behind");
                log.warn("Skipping relationship {}: the event's key lacks its parent column '{}'", relationship.name(), column);
                return null;
            }
            values.add(key.get(column));
        }
        return values;
    }

    /** What one part of a leaf's statements did: rows touched, and each statement's duration. */
    private record LeafWork(long rows, List<Long> statementNanos) {
    }

    /**
     * What happens to the children matched by some parent values: deleted, or their referencing columns
     * set to new values (all null for SET NULL).
     */
    private record Change(List<List<Object>> matched, Map<List<Object>, List<Object>> newValues) {

        static Change delete(List<List<Object>> matched) {
            return new Change(matched, null);
        }

        static Change rewrite(Map<List<Object>, List<Object>> newValues) {
            return new Change(List.copyOf(newValues.keySet()), newValues);
        }

        boolean deletes() {
            return newValues == null;
        }
    }

    /** One cascade: a stack of steps, each walking the children of one relationship batch by batch. */
    private final class Run {

        private final CascadeReport report;
        private final Deque<Step> stack = new ArrayDeque<>();
        /**
         * Primary keys (compared by value, so that BINARY keys work) of rows held in a batch further up the
         * stack, per table: a cycle of rows must not recurse.
         */
        private final Map<String, Set<List<Object>>> inProgress = new HashMap<>();
        private long lastStatementNanos;

        Run(CascadeProgress progress) {
            this.report = new CascadeReport(progress);
        }

        /**
         * Applies {@code action} of {@code relationship} for the given parent change and returns the parent
         * values whose children had to stay (RESTRICT found dependents).
         */
        Set<List<Object>> execute(Relationship relationship, ReferentialAction action, Change change) {
            if (action.refuses()) {
                return restrict(relationship, change.matched());
            }
            Step root = start(relationship, action, change);
            if (root == null) {
                return Set.of();
            }
            int base = stack.size();
            stack.push(root);
            Set<List<Object>> blocked = Set.of();
            while (stack.size() > base) {
                if (stopRequested.getAsBoolean()) {
                    throw new CascadeStoppedException();
                }
                Step step = stack.peek();
                if (step.batch == null && !step.fetch()) {
                    stack.pop();
                    if (stack.size() > base) {
                        stack.peek().childDone(step);
                    } else {
                        blocked = step.blockedMatches;
                    }
                    continue;
                }
                Relationship dependent = step.nextDependent();
                if (dependent != null) {
                    Step child = step.startDependent(dependent);
                    if (child != null) {
                        stack.push(child);
                    }
                    continue;
                }
                step.finishBatch();
            }
            return blocked;
        }

        /** The step that applies a CASCADE or SET NULL, or null when it was done on the spot (a leaf table). */
        private Step start(Relationship relationship, ReferentialAction action, Change change) {
            if (action == ReferentialAction.SET_NULL) {
                return setNull(relationship, change.matched());
            }
            return change.deletes() ? deleteChildren(relationship, change.matched())
                    : new Step(relationship, change.matched(), change.newValues());
        }

        private Step deleteChildren(Relationship relationship, List<List<Object>> matched) {
            if (!graph.childrenOf(relationship.child().table()).isEmpty()) {
                return new Step(relationship, matched, null);
            }
            String sql = "DELETE FROM " + SqlText.quote(relationship.child().table()) + " WHERE ";
            updateUntilDone(sql, matched, relationship, RowChange.DELETED);
            return null;
        }

        private Step setNull(Relationship relationship, List<List<Object>> matched) {
            List<Object> nulls = Collections.nCopies(relationship.child().columns().size(), null);
            if (!rewritesReferencedColumns(relationship)) {
                String sql = "UPDATE " + SqlText.quote(relationship.child().table()) + " SET "
                        + SqlText.assign(relationship.child().columns(), nulls) + " WHERE ";
                // nulled rows no longer match, so repeating until a short batch terminates
                updateUntilDone(sql, matched, relationship, RowChange.NULLED);
                return null;
            }
            Map<List<Object>, List<Object>> newValues = new LinkedHashMap<>();
            matched.forEach(m -> newValues.put(m, nulls));
            return new Step(relationship, matched, newValues);
        }

        /**
         * Counts the children a RESTRICT / NO ACTION relationship protects; they stay, and so do the parents
         * (in normal form) that they reference, which this returns.
         */
        private Set<List<Object>> restrict(Relationship relationship, List<List<Object>> matched) {
            String sql = "SELECT COUNT(*) FROM " + SqlText.quote(relationship.child().table()) + " WHERE "
                    + SqlText.in(relationship.child().columns(), matched.size());
            long count = timed(() -> jdbc.sql(sql).params(SqlText.flatten(matched)).query(Long.class).single());
            if (count > 0) {
                log.warn("Relationship {} still has {} child row(s) of a changed parent; InnoDB would have refused the "
                        + "change. They are left as they are.", relationship.name(), count);
                report.violation(relationship, count);
                return matchingParents(relationship, matched);
            }
            return Set.of();
        }

        private Set<List<Object>> matchingParents(Relationship relationship, List<List<Object>> matched) {
            String sql = "SELECT DISTINCT " + SqlText.columnList(relationship.child().columns()) + " FROM "
                    + SqlText.quote(relationship.child().table()) + " WHERE "
                    + SqlText.in(relationship.child().columns(), matched.size());
            int width = relationship.child().columns().size();
            return new HashSet<>(jdbc.sql(sql).params(SqlText.flatten(matched)).query((rs, i) -> {
                List<Object> values = new ArrayList<>(width);
                for (int c = 1; c <= width; c++) {
                    values.add(rs.getObject(c));
                }
                return Values.normal(values);
            }).list());
        }

        private boolean rewritesReferencedColumns(Relationship relationship) {
            return graph.childrenOf(relationship.child().table()).stream()
                    .anyMatch(d -> !Collections.disjoint(d.parent().columns(), relationship.child().columns()));
        }

        /**
         * Runs the statement (its text up to {@code WHERE }) for the children of the matched parents, with a
         * LIMIT, until it touches fewer rows than that. The parents are taken a few statements' worth at a time
         * ({@link BatchSizes#parentsAtATime}), so that a statement costs about what its own rows cost, and
         * those parts run side by side on several connections when {@code ricascade.concurrent-statements} allows;
         * all are done before this returns, so the parents' own rows still go only after their children.
         */
        private void updateUntilDone(String statement, List<List<Object>> matched, Relationship relationship,
                                     RowChange change) {
            int perStatement = Math.min(leafStatements.share(matched.size()),
                    batchSizes.parentsAtATime(relationship.name(), batchSizes.next(relationship.child().table())));
            List<List<List<Object>>> parts = new ArrayList<>();
            for (int from = 0; from < matched.size(); from += perStatement) {
                parts.add(matched.subList(from, Math.min(matched.size(), from + perStatement)));
            }
            for (LeafWork done : leafStatements.run(parts, part -> updateUntilDone(statement, part, relationship))) {
                done.statementNanos().forEach(report::statement);
                report.rowsChanged(relationship, change, done.rows());
            }
        }

        /** One part of {@link #updateUntilDone}, on whichever thread and connection {@link LeafStatements} chose. */
        private LeafWork updateUntilDone(String statement, List<List<Object>> parents, Relationship relationship) {
            String table = relationship.child().table();
            List<Object> params = SqlText.flatten(parents);
            String sql = statement + SqlText.in(relationship.child().columns(), parents.size()) + " LIMIT ";
            List<Long> nanos = new ArrayList<>();
            long children = 0;
            int limit;
            int affected;
            do {
                if (stopRequested.getAsBoolean()) {
                    throw new CascadeStoppedException();
                }
                limit = batchSizes.next(table);
                String limited = sql + limit;
                long start = System.nanoTime();
                affected = jdbc.sql(limited).params(params).update();
                nanos.add(System.nanoTime() - start);
                batchSizes.observe(table, limit, affected, nanos.get(nanos.size() - 1));
                children += affected;
            } while (affected >= limit);
            batchSizes.observeChildren(relationship.name(), parents.size(), children);
            return new LeafWork(children, nanos);
        }

        private <T> T timed(java.util.function.Supplier<T> statement) {
            long start = System.nanoTime();
            T result = statement.get();
            lastStatementNanos = System.nanoTime() - start;
            report.statement(lastStatementNanos);
            return result;
        }

        /**
         * The children of one relationship that match some parent values, walked in primary-key order a batch
         * at a time. For each batch: first every relationship beneath is dealt with, then the batch's rows
         * are deleted (or rewritten), except those that something RESTRICTed beneath them.
         */
        private final class Step {

            final Relationship via;
            final String table;
            final List<String> primaryKey;
            final List<String> selected;
            final List<List<Object>> matched;
            final Map<List<Object>, List<Object>> newValues;
            final List<Relationship> dependents;

            List<Object> cursor;
            List<List<Object>> batch;
            Iterator<Relationship> pending;
            Relationship current;
            final Set<List<Object>> blockedRows = new HashSet<>();
            final Set<List<Object>> blockedMatches = new HashSet<>();

            Step(Relationship via, List<List<Object>> matched, Map<List<Object>, List<Object>> newValues) {
                this.via = via;
                this.table = via.child().table();
                this.primaryKey = catalog.primaryKey(table);
                this.matched = matched;
                if (newValues == null) {
                    this.newValues = null;
                } else {
                    this.newValues = new HashMap<>();
                    newValues.forEach((before, after) -> this.newValues.put(Values.normal(before), after));
                }
                // refusing relationships first, so rows they keep are not cascaded beneath either
                this.dependents = graph.childrenOf(table).stream()
                        .filter(d -> newValues == null || !Collections.disjoint(d.parent().columns(), via.child().columns()))
                        .sorted(java.util.Comparator.comparing(d -> !action(d).refuses()))
                        .toList();
                Set<String> columns = new LinkedHashSet<>(primaryKey);
                columns.addAll(via.child().columns());
                dependents.forEach(d -> columns.addAll(d.parent().columns()));
                this.selected = List.copyOf(columns);
            }

            /** Loads the next batch; false when none is left. Rows held further up the stack are passed over. */
            boolean fetch() {
                Set<List<Object>> held = inProgress.getOrDefault(table, Set.of());
                while (true) {
                    List<Object> params = new ArrayList<>(SqlText.flatten(matched));
                    String sql = "SELECT " + SqlText.columnList(selected) + " FROM " + SqlText.quote(table) + " WHERE "
                            + SqlText.in(via.child().columns(), matched.size());
                    if (cursor != null) {
                        sql += " AND " + SqlText.after(primaryKey);
                        params.addAll(SqlText.afterParams(cursor));
                    }
                    int limit = batchSizes.next(table);
                    sql += " ORDER BY " + SqlText.columnList(primaryKey) + " LIMIT " + limit;
                    String query = sql;
                    List<List<Object>> rows = new ArrayList<>(timed(() -> jdbc.sql(query).params(params).query((rs, i) -> {
                        List<Object> row = new ArrayList<>(selected.size());
                        for (int c = 1; c <= selected.size(); c++) {
                            row.add(rs.getObject(c));
                        }
                        return row;
                    }).list()));
                    batchSizes.observe(table, limit, rows.size(), lastStatementNanos);
                    if (rows.isEmpty()) {
                        return false;
                    }
                    cursor = pick(rows.get(rows.size() - 1), primaryKey);
                    rows.removeIf(row -> held.contains(key(row)));
                    if (!rows.isEmpty()) {
                        batch = rows;
                        pending = dependents.iterator();
                        blockedRows.clear();
                        rows.forEach(row -> inProgress.computeIfAbsent(table, t -> new HashSet<>()).add(key(row)));
                        return true;
                    }
                }
            }

            Relationship nextDependent() {
                current = pending.hasNext() ? pending.next() : null;
                return current;
            }

            /** The step for a relationship beneath this batch, or null when it was done on the spot. */
            private ReferentialAction action(Relationship dependent) {
                return newValues == null ? dependent.onDelete() : dependent.onUpdate();
            }

            Step startDependent(Relationship dependent) {
                ReferentialAction action = action(dependent);
                List<List<Object>> live = batch.stream().filter(row -> !blockedRows.contains(pick(row, primaryKey))).toList();
                Change change;
                if (newValues == null) {
                    Set<List<Object>> parents = new LinkedHashSet<>();
                    live.forEach(row -> parents.add(pick(row, dependent.parent().columns())));
                    parents.removeIf(v -> v.contains(null));
                    if (parents.isEmpty()) {
                        return null;
                    }
                    change = Change.delete(List.copyOf(parents));
                } else {
                    Map<List<Object>, List<Object>> changes = new LinkedHashMap<>();
                    for (List<Object> row : live) {
                        List<Object> before = pick(row, dependent.parent().columns());
                        List<Object> after = applyNewValues(row, dependent.parent().columns());
                        if (!before.contains(null) && !Values.exact(before).equals(Values.exact(after))) {
                            changes.put(before, after);
                        }
                    }
                    if (changes.isEmpty()) {
                        return null;
                    }
                    change = Change.rewrite(changes);
                }
                if (action.refuses()) {
                    block(dependent, restrict(dependent, change.matched()));
                    return null;
                }
                return start(dependent, action, change);
            }

            void childDone(Step child) {
                block(child.via, child.blockedMatches);
            }

            /** Rows of this batch whose values are referenced by children that had to stay, stay too. */
            private void block(Relationship dependent, Set<List<Object>> parentValues) {
                if (parentValues.isEmpty()) {
                    return;
                }
                for (List<Object> row : batch) {
                    if (parentValues.contains(Values.normal(pick(row, dependent.parent().columns())))) {
                        blockedRows.add(pick(row, primaryKey));
                        blockedMatches.add(Values.normal(pick(row, via.child().columns())));
                    }
                }
            }

            /** Everything beneath the batch is done: delete or rewrite its rows, by primary key, re-checking the match. */
            void finishBatch() {
                List<List<Object>> rows = batch.stream().filter(row -> !blockedRows.contains(pick(row, primaryKey))).toList();
                if (newValues == null) {
                    delete(rows);
                } else {
                    rewrite(rows);
                }
                Set<List<Object>> held = inProgress.get(table);
                batch.forEach(row -> held.remove(key(row)));
                batch = null;
            }

            private void delete(List<List<Object>> rows) {
                if (rows.isEmpty()) {
                    return;
                }
                String sql = "DELETE FROM " + SqlText.quote(table) + " WHERE " + SqlText.in(primaryKey, rows.size()) + " AND "
                        + SqlText.in(via.child().columns(), matched.size());
                List<Object> params = new ArrayList<>();
                rows.forEach(row -> params.addAll(pick(row, primaryKey)));
                params.addAll(SqlText.flatten(matched));
                int deleted = timed(() -> jdbc.sql(sql).params(params).update());
                batchSizes.observe(table, rows.size(), deleted, lastStatementNanos);
                report.rowsChanged(via, RowChange.DELETED, deleted);
            }

            private void rewrite(List<List<Object>> rows) {
                Map<List<Object>, List<List<Object>>> byOldValues = new LinkedHashMap<>();
                rows.forEach(row -> byOldValues.computeIfAbsent(pick(row, via.child().columns()), k -> new ArrayList<>())
                        .add(pick(row, primaryKey)));
                for (Map.Entry<List<Object>, List<List<Object>>> group : byOldValues.entrySet()) {
                    List<Object> after = newValues.get(Values.normal(group.getKey()));
                    if (after == null) {
                        continue; // matched by SQL but by none of our values: not ours to change
                    }
                    String sql = "UPDATE " + SqlText.quote(table) + " SET " + SqlText.assign(via.child().columns(), after)
                            + " WHERE " + SqlText.in(primaryKey, group.getValue().size()) + " AND "
                            + SqlText.equal(via.child().columns());
                    List<Object> params = new ArrayList<>(after.stream().filter(Objects::nonNull).toList());
                    params.addAll(SqlText.flatten(group.getValue()));
                    params.addAll(group.getKey());
                    RowChange change = after.stream().allMatch(Objects::isNull) ? RowChange.NULLED : RowChange.REWRITTEN;
                    int rewritten = timed(() -> jdbc.sql(sql).params(params).update());
                    batchSizes.observe(table, group.getValue().size(), rewritten, lastStatementNanos);
                    report.rowsChanged(via, change, rewritten);
                }
            }

            /** The row's values for these columns, once its own referencing columns take their new values. */
            private List<Object> applyNewValues(List<Object> row, List<String> columns) {
                List<Object> after = newValues.get(Values.normal(pick(row, via.child().columns())));
                List<Object> values = new ArrayList<>(columns.size());
                for (String column : columns) {
                    int changed = via.child().columns().indexOf(column);
                    values.add(changed >= 0 && after != null ? after.get(changed) : row.get(selected.indexOf(column)));
                }
                return values;
            }

            /** The row's primary key in a form that compares by value, byte arrays included. */
            private List<Object> key(List<Object> row) {
                return Values.exact(pick(row, primaryKey));
            }

            private List<Object> pick(List<Object> row, List<String> columns) {
                List<Object> values = new ArrayList<>(columns.size());
                for (String column : columns) {
                    values.add(row.get(selected.indexOf(column)));
                }
                return values;
            }
        }
    }
}
