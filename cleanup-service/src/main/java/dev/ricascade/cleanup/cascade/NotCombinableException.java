package dev.ricascade.cleanup.cascade;

import java.util.Map;
import java.util.Set;

/**
 * A combined run met something it does not do for several events at once (a subtree larger than one batch, a RESTRICT
 * that finds children, a row changed under it, a value held again): its transaction rolls back. When the events that
 * caused it are known ({@link #events()}), they run alone, as they would have without combining, and the others go
 * into the next run; otherwise every event of the run runs alone. A run that was too large as a whole (it outlasted
 * the statement budget, or many events' rows together made a batch) rolls back too, and its events go into smaller
 * runs.
 */
final class NotCombinableException extends RuntimeException {

    private final boolean runTooLarge;
    private final Set<Integer> events;

    NotCombinableException(String reason) {
        this(reason, false, Set.of());
    }

    private NotCombinableException(String reason, boolean runTooLarge, Set<Integer> events) {
        super(reason, null, false, false);
        this.runTooLarge = runTooLarge;
        this.events = Set.copyOf(events);
    }

    static NotCombinableException budgetOutlasted() {
        return new NotCombinableException("the run outlasted the statement budget", true, Set.of());
    }

    /** Caused by these events (their indexes in the run) and by nothing else in the run. */
    static NotCombinableException causedBy(String reason, Set<Integer> events) {
        return new NotCombinableException(reason, false, events);
    }

    /**
     * Too many rows for one batch, counted per event (index in the run): one event holding at least half of them is the
     * large subtree, to run alone; many events' rows together mean the run was too large.
     */
    static NotCombinableException tooManyRows(String reason, Map<Integer, Long> rowsByEvent) {
        long total = rowsByEvent.values().stream().mapToLong(Long::longValue).sum();
        return rowsByEvent.entrySet().stream().filter(e -> 2 * e.getValue() >= total).findFirst()
                .map(e -> causedBy(reason, Set.of(e.getKey())))
                .orElseGet(() -> new NotCombinableException(reason, true, Set.of()));
    }

    /** The run itself was too large (for the budget, or for one batch), not any one of its events. */
    boolean runTooLarge() {
        return runTooLarge;
    }

    /** The events (indexes in the run) that caused it, to run alone; empty when not known. */
    Set<Integer> events() {
        return events;
    }
}
