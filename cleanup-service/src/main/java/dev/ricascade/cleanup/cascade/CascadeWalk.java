package dev.ricascade.cleanup.cascade;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ricascade.cleanup.cascade.CascadeStatements.Timed;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * One cascade: a stack of {@link ChildBatch}es, each walking the children of one relationship a batch at a
 * time, deepest first. Leaf tables (nothing references them) are done on the spot by repeated limited
 * statements, on several connections when allowed. Depth lives on this explicit stack, not the thread's.
 */
final class CascadeWalk {

    private static final Logger log = LoggerFactory.getLogger(CascadeWalk.class);

    /** What every walk of one engine shares. */
    record Parts(CascadeStatements statements, LiveChildren liveChildren, RelationshipGraph graph, SchemaCatalog catalog,
                 BatchSizes batchSizes, LeafStatements leafStatements, BooleanSupplier stopRequested) {
    }

    final Parts parts;
    final CascadeReport report;
    /** For a combined run of several events, their counts and the run's deadline; null for one event's cascade. */
    final RunCounts combined;
    private final Deque<ChildBatch> stack = new ArrayDeque<>();
    /**
     * Primary keys (compared by value, so that BINARY keys work) of rows held in a batch further up the stack, per
     * table: a cycle of rows must not recurse.
     */
    private final Map<String, Set<List<Object>>> inProgress = new HashMap<>();

    CascadeWalk(Parts parts, CascadeProgress progress) {
        this(parts, progress, null);
    }

    /**
     * @param combined for a combined run ({@link CombinedDeletes}): everything runs in the caller's one transaction and
     *                 thread, rows are counted per event there, and whatever the run does not do for several events at once
     *                 throws {@link NotCombinableException}
     */
    CascadeWalk(Parts parts, CascadeProgress progress, RunCounts combined) {
        this.parts = parts;
        this.report = new CascadeReport(progress);
        this.combined = combined;
    }

    /**
     * Applies the relationship's {@code action} to the children of the changed parents and returns the positions
     * (in {@code change}) of the parent values whose children had to stay, because something RESTRICTed beneath.
     */
    Set<Integer> apply(Relationship relationship, ReferentialAction action, ParentChange change) {
        if (action.refuses()) {
            return restrict(relationship, change);
        }
        ChildBatch root = start(relationship, action, change);
        if (root == null) {
            return Set.of();
        }
        int base = stack.size();
        stack.push(root);
        Set<Integer> blocked = Set.of();
        while (stack.size() > base) {
            checkStop();
            ChildBatch step = stack.peek();
            if (!step.hasBatch() && !step.fetch()) {
                stack.pop();
                if (stack.size() > base) {
                    stack.peek().dependentDone(step.blockedMatches());
                } else {
                    blocked = step.blockedMatches();
                }
                continue;
            }
            Relationship dependent = step.nextDependent();
            if (dependent != null) {
                ChildBatch child = step.startDependent(dependent);
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
    ChildBatch start(Relationship relationship, ReferentialAction action, ParentChange change) {
        boolean leaf = parts.graph().childrenOf(relationship.child().table()).isEmpty();
        if (action == ReferentialAction.SET_NULL) {
            if (leaf || !rewritesReferencedColumns(relationship)) {
                leaves(relationship, true, change);
                return null;
            }
            List<Object> nulls = Collections.nCopies(relationship.child().columns().size(), null);
            return new ChildBatch(this, relationship, change.rewrittenTo(Collections.nCopies(change.size(), nulls)));
        }
        if (change.deletes() && leaf) {
            leaves(relationship, false, change);
            return null;
        }
        return new ChildBatch(this, relationship, change);
    }

    /**
     * Counts the live children a RESTRICT / NO ACTION relationship protects ({@link LiveChildren}: one whose CASCADE
     * ancestor is gone belongs to another pending cascade); they stay, and so do the parents they reference, whose
     * positions this returns.
     */
    Set<Integer> restrict(Relationship relationship, ParentChange change) {
        Timed<Set<Integer>> referenced = parts.statements().referencedParents(relationship.child(), change.values());
        report.statement(referenced.nanos());
        if (referenced.value().isEmpty()) {
            return Set.of();
        }
        if (combined != null) {
            Set<Integer> events = new HashSet<>();
            referenced.value().forEach(position -> events.add(change.owner(position)));
            throw NotCombinableException.causedBy("RESTRICT / NO ACTION relationship " + relationship.name()
                    + " has children", events);
        }
        Set<Integer> kept = referenced.value();
        long children;
        if (parts.liveChildren().canBeDead(relationship.child().table())) {
            LiveChildren.Live live = parts.liveChildren().among(relationship, change.values());
            kept = live.parents();
            children = live.children();
        } else {
            Timed<Long> count = parts.statements().countChildren(relationship.child(), change.values());
            report.statement(count.nanos());
            children = count.value();
        }
        if (children > 0) {
            log.warn("Relationship {} still has {} live child row(s) of a changed parent; InnoDB would have refused the "
                    + "change. They are left as they are.", relationship.name(), children);
            report.violation(relationship, children);
        }
        return kept;
    }

    /**
     * The parent value an event frees is held by another row again: its children may be that row's now, or may
     * be the old row's; guessing would be wrong either way, so they are left alone and reported.
     */
    void heldByAnotherRow(Relationship relationship, List<Object> values) {
        Timed<Long> count = parts.statements().countChildren(relationship.child(), List.of(values));
        report.statement(count.nanos());
        if (count.value() > 0) {
            String reason = "another " + relationship.parent().table() + " row holds " + relationship.parent().columns()
                    + " = " + values + " again, so its " + count.value() + " child row(s) in " + relationship.child()
                    + " were left alone (InnoDB would have changed them before the value could be reused)";
            log.warn("Relationship {}: {}", relationship.name(), reason);
            report.conflict(relationship, count.value(), reason);
        }
    }

    /**
     * For a table nothing depends on: deletes (or nulls) the children of these parents with limited statements until
     * a short one. The parents are taken a few statements' worth at a time ({@link BatchSizes#parentsAtATime}), and
     * those parts run side by side on several connections when {@code ricascade.concurrent-statements} allows; all are
     * done before this returns, so the parents' own rows still go only after their children.
     */
    private void leaves(Relationship relationship, boolean setNull, ParentChange change) {
        if (combined != null) {
            combinedLeaves(relationship, setNull, change);
            return;
        }
        List<List<Object>> parents = change.values();
        BatchSizes sizes = parts.batchSizes();
        LeafStatements leafStatements = parts.leafStatements();
        int perStatement = Math.min(leafStatements.share(parents.size()),
                sizes.parentsAtATime(relationship.name(), sizes.next(relationship.child().table())));
        List<List<List<Object>>> split = new ArrayList<>();
        for (int from = 0; from < parents.size(); from += perStatement) {
            split.add(parents.subList(from, Math.min(parents.size(), from + perStatement)));
        }
        leafStatements.run(split, part -> leafPart(relationship, setNull, part));
    }

    /** One part of {@link #leaves}, on whichever thread and connection {@link LeafStatements} chose. */
    private long leafPart(Relationship relationship, boolean setNull, List<List<Object>> parents) {
        String table = relationship.child().table();
        RowChange change = setNull ? RowChange.NULLED : RowChange.DELETED;
        long children = 0;
        int limit;
        int changed;
        do {
            checkStop();
            limit = parts.batchSizes().next(table);
            Timed<Integer> done = parts.statements().deleteOrNullLeaves(relationship.child(), setNull, parents, limit,
                    rows -> report.rowsChanged(relationship, change, rows));
            changed = done.value();
            report.statement(done.nanos());
            parts.batchSizes().observe(table, limit, changed, done.nanos());
            children += changed;
        } while (changed >= limit);
        parts.batchSizes().observeChildren(relationship.name(), parents.size(), children);
        return children;
    }

    /**
     * {@link #leaves} in a combined run: the children are first counted per parent value, so that each event is told
     * its own, and then changed by one statement, which must change exactly as many; none at all needs no statement,
     * a batch or more is not for a combined run.
     */
    private void combinedLeaves(Relationship relationship, boolean setNull, ParentChange change) {
        checkStop();
        Timed<Map<Integer, Long>> counted = parts.statements().countByMatch(relationship.child(), change.values());
        report.statement(counted.nanos());
        long total = counted.value().values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return;
        }
        Map<Integer, Long> byEvent = new HashMap<>();
        counted.value().forEach((position, rows) -> byEvent.merge(change.owner(position), rows, Long::sum));
        int limit = parts.batchSizes().combinedLimit();
        if (total >= limit) {
            throw NotCombinableException.tooManyRows(relationship.name() + " has " + total + " children, a batch or more",
                    byEvent);
        }
        RowChange kind = setNull ? RowChange.NULLED : RowChange.DELETED;
        checkStop();
        Timed<Integer> done = parts.statements().deleteOrNullLeaves(relationship.child(), setNull, change.values(), limit,
                rows -> counted(relationship, kind, rows, byEvent));
        report.statement(done.nanos());
    }

    /**
     * Rows of {@code via} were changed, inside the statement's transaction; {@code expected} says, per event of a combined
     * run, how many that statement was to change. One event's cascade counts what it changed; a combined run insists on
     * exactly what it expected, as anything else means a row changed under it and could not be told to its event.
     */
    void counted(Relationship via, RowChange kind, long changed, Map<Integer, Long> expected) {
        if (combined == null) {
            report.rowsChanged(via, kind, changed);
            return;
        }
        long sum = expected.values().stream().mapToLong(Long::longValue).sum();
        if (sum != changed) {
            throw new NotCombinableException(via.name() + ": " + changed + " rows changed where " + sum + " were found");
        }
        expected.forEach((event, rows) -> combined.add(event, via, kind, rows));
        report.rowsChanged(via, kind, changed);
    }

    /** Rows of this table held in a batch further up the stack, by exact primary key. */
    Set<List<Object>> held(String table) {
        return inProgress.computeIfAbsent(table, t -> new HashSet<>());
    }

    void checkStop() {
        if (parts.stopRequested().getAsBoolean()) {
            throw new CascadeStoppedException();
        }
        if (combined != null) {
            combined.checkDeadline();
        }
    }

    private boolean rewritesReferencedColumns(Relationship relationship) {
        return parts.graph().childrenOf(relationship.child().table()).stream()
                .anyMatch(d -> !Collections.disjoint(d.parent().columns(), relationship.child().columns()));
    }
}
