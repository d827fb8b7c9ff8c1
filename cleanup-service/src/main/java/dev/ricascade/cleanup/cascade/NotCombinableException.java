package dev.ricascade.cleanup.cascade;

/**
 * A combined run met something it does not do for several events at once (a subtree larger than one batch, a RESTRICT
 * that finds children, a row changed under it, a value held again): its transaction rolls back and each of its events
 * runs alone, as it would have without combining. A run that outlasted the statement budget rolls back too, and its
 * events go into smaller runs.
 */
final class NotCombinableException extends RuntimeException {

    private final boolean outlastedBudget;

    NotCombinableException(String reason) {
        this(reason, false);
    }

    private NotCombinableException(String reason, boolean outlastedBudget) {
        super(reason, null, false, false);
        this.outlastedBudget = outlastedBudget;
    }

    static NotCombinableException budgetOutlasted() {
        return new NotCombinableException("the run outlasted the statement budget", true);
    }

    /** The run itself was too large for the budget, not any one of its events. */
    boolean outlastedBudget() {
        return outlastedBudget;
    }
}
