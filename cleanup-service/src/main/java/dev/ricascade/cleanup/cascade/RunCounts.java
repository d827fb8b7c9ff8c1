package dev.ricascade.cleanup.cascade;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ricascade.manifest.Relationship;

/**
 * The rows a combined run ({@link CombinedDeletes}) changed, per event (its index in the run) and relationship, kept
 * until the run's one transaction writes them with the events' statuses. Also the run's deadline: a run that would
 * outlast the statement budget is abandoned ({@link NotCombinableException}) rather than hold its locks longer.
 */
final class RunCounts {

    private final Map<Integer, Map<Relationship, long[]>> byEvent = new LinkedHashMap<>();
    private final long deadlineNanos;

    RunCounts(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    void add(int event, Relationship relationship, RowChange change, long rows) {
        if (rows > 0) {
            byEvent.computeIfAbsent(event, e -> new LinkedHashMap<>())
                    .computeIfAbsent(relationship, r -> new long[RowChange.values().length])[change.ordinal()] += rows;
        }
    }

    /** The event's rows per relationship: deleted, nulled, rewritten (in {@link RowChange}'s order). */
    Map<Relationship, long[]> of(int event) {
        return byEvent.getOrDefault(event, Map.of());
    }

    void checkDeadline() {
        if (System.nanoTime() > deadlineNanos) {
            throw NotCombinableException.budgetOutlasted();
        }
    }
}
