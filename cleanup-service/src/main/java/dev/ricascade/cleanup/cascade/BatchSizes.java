package dev.ricascade.cleanup.cascade;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many rows the next cascade statement on a table may touch: never more than {@code ricascade.batch-size},
 * fewer while statements run long. Each statement is its own transaction, so its duration is how long it holds
 * its locks: one that took more than a quarter of the statement budget halves the table's batch size, and a full
 * one that took less than an eighth of it doubles the size, up to the ceiling. Statements so aim at an eighth to a
 * quarter of the budget, four times or more under it: the same statement's time varies that much from one to the
 * next (a leaf delete of 5,000 rows took 9 to 36 ms in one cascade, two leaf connections, InnoDB's purge and the JVM
 * sharing two cores), and with the bounds at a quarter and a half a 20 ms statement stretched past a 50 ms budget
 * in a third of the large-delete benchmark's rounds. Sizes start at 100 (or the ceiling, if lower) and are learned
 * per table across cascades, so a large ceiling is reached in a few statements while a wide table or a busy server
 * gets smaller, shorter transactions. It also learns how many children a relationship's parents have, so that leaf
 * statements name about a whole number of statements' worth of parents.
 */
final class BatchSizes {

    private static final Logger log = LoggerFactory.getLogger(BatchSizes.class);

    private static final int START = 100;
    /** See {@link #combinedLimit()}: the ceiling of the combined runs as they were measured before it rose. */
    private static final int COMBINED_ROWS = 2000;
    /**
     * Rows that the parents named at a time should have, about: with small batches, many statements' worth, so
     * that rounding to whole parents (and to the parents of a batch) adds few commits; with large ones, one.
     */
    private static final int ROWS_AT_A_TIME = 2000;
    /** Parents named at a time, at least, so that rounding to whole parents wastes little of a statement. */
    private static final int MIN_PARENTS = 10;
    /**
     * How far under a whole number of statements' worth of children the parents named at a time stay, so that
     * the last statement comes back short (the sign that they are done) rather than one more finding nothing.
     */
    private static final double SHORT_BY = 0.05;

    private final int ceiling;
    private final long budgetNanos;
    /** A statement longer than this halves its table's batches: a quarter of the budget. */
    private final long slowNanos;
    /** A full statement shorter than this doubles them: an eighth of the budget. */
    private final long fastNanos;
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    private final Map<String, Double> childrenPerParent = new ConcurrentHashMap<>();

    BatchSizes(int ceiling, Duration statementBudget) {
        this.ceiling = ceiling;
        this.budgetNanos = statementBudget.toNanos();
        this.slowNanos = budgetNanos / 4;
        this.fastNanos = budgetNanos / 8;
    }

    /** The most rows any statement may touch: {@code ricascade.batch-size}. */
    int ceiling() {
        return ceiling;
    }

    /**
     * The most rows of one relationship a combined run takes ({@link CombinedDeletes}), below which a subtree counts as
     * small: the ceiling, up to {@value #COMBINED_ROWS}. A run is one transaction of all its events within the budget,
     * and a large subtree tried in a run is read this far before it goes to run alone: at 10,000 rows, the run that
     * tried a 10,000-order customer took 86 ms in a fresh JVM, over the budget, while the runs of small deletes they
     * are made for hold a few hundred rows.
     */
    int combinedLimit() {
        return Math.min(ceiling, COMBINED_ROWS);
    }

    /** The row limit for the next statement on this table. */
    int next(String table) {
        return sizes.getOrDefault(table, Math.min(START, ceiling));
    }

    /** A statement on this table, limited to {@code limit} rows, touched {@code rows} rows in {@code nanos}. */
    void observe(String table, int limit, long rows, long nanos) {
        if (nanos > slowNanos) {
            int halved = sizes.compute(table, (t, size) -> Math.max(1, Math.min(size == null ? limit : size, limit) / 2));
            if (nanos > budgetNanos) {
                log.debug("A statement on {} ({} row(s), at most {}) took {} ms, over the {} ms budget; its batches are now {}",
                        table, rows, limit, nanos / 1_000_000, budgetNanos / 1_000_000, halved);
            }
        } else if (nanos < fastNanos && rows >= limit / 2 && limit < ceiling) {
            // only from the size this statement ran at: a shrink that happened meanwhile stands
            sizes.compute(table, (t, size) -> size == null || size == limit ? Math.min(ceiling, limit * 2) : size);
        }
    }

    /**
     * How many parents a statement that deletes (or nulls) children of this relationship should name, repeated
     * until it comes back short: a little under a whole number of statements' worth of children at {@code limit}
     * rows, about {@value #ROWS_AT_A_TIME} rows and at least ten parents, so that commits stay few without a
     * statement stepping over many rows its predecessors deleted (InnoDB purges them later) or carrying a long
     * IN list. Unknown children per parent count as one.
     */
    int parentsAtATime(String relationship, int limit) {
        double perParent = Math.max(childrenPerParent.getOrDefault(relationship, 1.0), 1e-3);
        double perStatement = limit / perParent;
        double statements = Math.max(Math.max(1, Math.round((double) ROWS_AT_A_TIME / limit)),
                Math.ceil(MIN_PARENTS / perStatement));
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor((statements - SHORT_BY) * perStatement)));
    }

    /** The children of {@code parents} parents of this relationship were {@code children} rows. */
    void observeChildren(String relationship, int parents, long children) {
        double seen = (double) children / parents;
        childrenPerParent.merge(relationship, seen, (before, now) -> (before + now) / 2);
    }
}
