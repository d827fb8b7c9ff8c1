package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

import dev.ricascade.cleanup.cascade.CascadeStatements.Timed;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;

/**
 * The children of one relationship that match a {@link ParentChange}, walked in primary-key order a batch at a
 * time. For each batch: first every relationship beneath is dealt with (deepest first, through the
 * {@link CascadeWalk}'s stack), then the batch's rows are deleted or rewritten by primary key, except those that
 * something RESTRICTed beneath them. Which parent value a row matched is the database's answer
 * ({@link ChildRow#match()}); Java only keeps track of positions.
 */
final class ChildBatch {

    private static final Logger log = LoggerFactory.getLogger(ChildBatch.class);

    private final CascadeWalk walk;
    private final Relationship via;
    private final String table;
    private final List<String> primaryKey;
    private final List<String> selected;
    private final ParentChange change;
    private final List<Relationship> dependents;
    /**
     * Whether a row must learn which parent value it matched: for the events of a combined run, for a change of key
     * (each parent value has its own new value), and where something beneath may keep rows, whose parents then stay.
     * A single event's delete with nothing to refuse beneath needs none of it.
     */
    private final boolean withMatch;
    /** Positions in {@link #change} with rows that had to stay, over all batches. */
    private final Set<Integer> blockedMatches = new HashSet<>();

    private List<Object> cursor;
    /** In a combined run, the last fetch was short, so there is nothing left to fetch in its transaction. */
    private boolean exhausted;
    private List<ChildRow> batch;
    private boolean[] blocked;
    private Iterator<Relationship> pending;
    /** For the dependent in hand: the batch rows (by index) behind each parent value position it was given. */
    private List<List<Integer>> rowsByValue;

    ChildBatch(CascadeWalk walk, Relationship via, ParentChange change) {
        this.walk = walk;
        this.via = via;
        this.table = via.child().table();
        this.primaryKey = walk.parts.catalog().primaryKey(table);
        this.change = change;
        // refusing relationships first, so rows they keep are not cascaded beneath either
        this.dependents = walk.parts.graph().childrenOf(table).stream()
                .filter(d -> change.deletes() || !Collections.disjoint(d.parent().columns(), via.child().columns()))
                .sorted(Comparator.comparing(d -> !action(d).refuses()))
                .toList();
        Set<String> columns = new LinkedHashSet<>(primaryKey);
        columns.addAll(via.child().columns());
        dependents.forEach(d -> columns.addAll(d.parent().columns()));
        this.selected = List.copyOf(columns);
        this.withMatch = walk.combined != null || !change.deletes() || walk.parts.graph().deleteMayBeRefusedBeneath(table);
    }

    boolean hasBatch() {
        return batch != null;
    }

    Set<Integer> blockedMatches() {
        return blockedMatches;
    }

    /** Loads the next batch; false when none is left. Rows held further up the stack are passed over. */
    boolean fetch() {
        Set<List<Object>> held = walk.held(table);
        while (!exhausted) {
            // a combined run takes only subtrees of fewer rows than its limit (BatchSizes.combinedLimit): no statement of
            // its transaction touches more, and a larger one runs alone, batch by batch as the budget allows
            int limit = walk.combined != null ? walk.parts.batchSizes().combinedLimit() : walk.parts.batchSizes().next(table);
            Timed<List<ChildRow>> read = walk.parts.statements().children(via.child(), change.values(), selected,
                    primaryKey, cursor, limit, withMatch);
            walk.report.statement(read.nanos());
            walk.parts.batchSizes().observe(table, limit, read.value().size(), read.nanos());
            List<ChildRow> rows = new ArrayList<>(read.value());
            if (walk.combined != null) {
                if (rows.size() >= limit) {
                    Map<Integer, Long> byEvent = new HashMap<>();
                    rows.forEach(row -> byEvent.merge(change.owner(row.match()), 1L, Long::sum));
                    throw NotCombinableException.tooManyRows(via.name() + " has a batch of children or more", byEvent);
                }
                exhausted = true; // the rest of the run's one transaction would not see rows inserted since
            }
            if (rows.isEmpty()) {
                return false;
            }
            cursor = pick(rows.get(rows.size() - 1), primaryKey);
            rows.removeIf(row -> held.contains(key(row)));
            if (!rows.isEmpty()) {
                batch = rows;
                blocked = new boolean[rows.size()];
                pending = dependents.iterator();
                rows.forEach(row -> held.add(key(row)));
                return true;
            }
        }
        return false;
    }

    Relationship nextDependent() {
        return pending.hasNext() ? pending.next() : null;
    }

    /** Applies the dependent's action for this batch: the step to push, or null when it was done on the spot. */
    ChildBatch startDependent(Relationship dependent) {
        List<List<Object>> values = new ArrayList<>();
        List<List<Object>> replacements = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        Map<List<Object>, Integer> positions = new HashMap<>();
        rowsByValue = new ArrayList<>();
        for (int r = 0; r < batch.size(); r++) {
            if (blocked[r]) {
                continue;
            }
            ChildRow row = batch.get(r);
            List<Object> before = pick(row, dependent.parent().columns());
            if (before.contains(null)) {
                continue;
            }
            List<Object> after = change.deletes() ? null : rewritten(row, dependent.parent().columns());
            if (after != null && Values.exact(before).equals(Values.exact(after))) {
                continue; // the row keeps these values: nothing cascades from it
            }
            // rows of one table read back with byte-for-byte the same values: one parent value, not a comparison
            Integer at = positions.putIfAbsent(Values.exact(before), values.size());
            int owner = change.owner(row.match());
            if (at == null) {
                at = values.size();
                values.add(before);
                replacements.add(after);
                owners.add(owner);
                rowsByValue.add(new ArrayList<>());
            } else if (walk.combined != null && owners.get(at) != owner) {
                throw NotCombinableException.causedBy(dependent.name() + ": rows of two events hold the same value",
                        Set.of(owners.get(at), owner));
            }
            rowsByValue.get(at).add(r);
        }
        if (values.isEmpty()) {
            return null;
        }
        ParentChange next = change.deletes() ? ParentChange.deleted(values, owners)
                : ParentChange.rewritten(values, replacements, owners);
        ReferentialAction action = action(dependent);
        if (action.refuses()) {
            dependentDone(walk.restrict(dependent, next));
            return null;
        }
        return walk.start(dependent, action, next);
    }

    /** The rows of this batch behind parent values whose children had to stay, stay too. */
    void dependentDone(Set<Integer> blockedValues) {
        for (int value : blockedValues) {
            for (int r : rowsByValue.get(value)) {
                blocked[r] = true;
                blockedMatches.add(batch.get(r).match());
            }
        }
    }

    /** Everything beneath the batch is done: delete or rewrite its rows, by primary key, re-checking the match. */
    void finishBatch() {
        List<ChildRow> rows = new ArrayList<>();
        for (int r = 0; r < batch.size(); r++) {
            if (!blocked[r]) {
                rows.add(batch.get(r));
            }
        }
        if (change.deletes()) {
            delete(rows);
        } else {
            rewrite(rows);
        }
        Set<List<Object>> held = walk.held(table);
        batch.forEach(row -> held.remove(key(row)));
        batch = null;
    }

    private void delete(List<ChildRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Timed<Integer> done = walk.parts.statements().deleteRows(via.child(), primaryKey, keys(rows), change.values(),
                deleted -> walk.counted(via, RowChange.DELETED, deleted, perEvent(rows)));
        walk.report.statement(done.nanos());
        walk.parts.batchSizes().observe(table, rows.size(), done.value(), done.nanos());
    }

    private void rewrite(List<ChildRow> rows) {
        Map<Integer, List<List<Object>>> byMatch = new LinkedHashMap<>();
        rows.forEach(row -> byMatch.computeIfAbsent(row.match(), m -> new ArrayList<>()).add(pick(row, primaryKey)));
        byMatch.forEach((match, keys) -> {
            List<Object> after = change.replacement(match);
            RowChange kind = after.stream().allMatch(Objects::isNull) ? RowChange.NULLED : RowChange.REWRITTEN;
            try {
                rewrite(keys, match, after, kind);
            } catch (DataIntegrityViolationException e) {
                if (walk.combined != null) {
                    throw new NotCombinableException(via.name() + ": a rewrite collides with a unique key");
                }
                // one row's new values collide with a unique key: find which, rewrite the others
                for (List<Object> key : keys) {
                    try {
                        rewrite(List.of(key), match, after, kind);
                    } catch (DataIntegrityViolationException conflict) {
                        String reason = table + " row " + primaryKey + " = " + key + " could not take " + via.child().columns()
                                + " = " + after + ": " + rootMessage(conflict) + "; it still holds the old values";
                        log.warn("Relationship {}: {}", via.name(), reason);
                        walk.report.conflict(via, 1, reason);
                    }
                }
            }
        });
    }

    private void rewrite(List<List<Object>> keys, int match, List<Object> after, RowChange kind) {
        Timed<Integer> done = walk.parts.statements().rewriteRows(via.child(), primaryKey, keys, change.values().get(match),
                after, rewritten -> walk.counted(via, kind, rewritten, Map.of(change.owner(match), (long) keys.size())));
        walk.report.statement(done.nanos());
        walk.parts.batchSizes().observe(table, keys.size(), done.value(), done.nanos());
    }

    private ReferentialAction action(Relationship dependent) {
        return change.deletes() ? dependent.onDelete() : dependent.onUpdate();
    }

    /** The row's values for these columns, once its own referencing columns take their new values. */
    private List<Object> rewritten(ChildRow row, List<String> columns) {
        List<Object> replacement = change.replacement(row.match());
        List<Object> values = new ArrayList<>(columns.size());
        for (String column : columns) {
            int changed = via.child().columns().indexOf(column);
            values.add(changed >= 0 ? replacement.get(changed) : row.values().get(selected.indexOf(column)));
        }
        return values;
    }

    /** How many of these rows each event of a combined run owns. */
    private Map<Integer, Long> perEvent(List<ChildRow> rows) {
        Map<Integer, Long> counts = new HashMap<>();
        rows.forEach(row -> counts.merge(change.owner(row.match()), 1L, Long::sum));
        return counts;
    }

    private List<List<Object>> keys(List<ChildRow> rows) {
        return rows.stream().map(row -> pick(row, primaryKey)).toList();
    }

    /** The row's primary key in a form that compares by value, byte arrays included. */
    private List<Object> key(ChildRow row) {
        return Values.exact(pick(row, primaryKey));
    }

    private List<Object> pick(ChildRow row, List<String> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (String column : columns) {
            values.add(row.values().get(selected.indexOf(column)));
        }
        return values;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
