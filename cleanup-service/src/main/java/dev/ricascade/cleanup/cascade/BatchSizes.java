package dev.ricascade.cleanup.cascade;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many rows the next cascade statement on a table may touch: never more than {@code ricascade.batch-size},
 * fewer while statements run long. Each statement is its own transaction, so its duration is how long it holds
 * its locks: one that took more than half the statement budget halves the table's batch size, and a full one
 * that took less than a quarter of it doubles the size, up to the ceiling. Sizes start at 100 (or the ceiling,
 * if lower) and are learned per table across cascades, so a large ceiling is reached in a few statements while
 * a wide table or a busy server gets smaller, shorter transactions. It also learns how many children a
 * relationship's parents have, so that a statement names about a few statements' worth of parents.
 */
final class BatchSizes {

    private static final int START = 100;
    /**
     * Parents per statement, in statements' worth of their children: about four, a little under, so that the
     * fourth statement comes back short (the sign that they are done) rather than a fifth finding nothing.
     */
    private static final double STATEMENTS_PER_PARENTS = 3.9;

    private final int ceiling;
    private final long slowNanos;
    private final long fastNanos;
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();
    private final Map<String, Double> childrenPerParent = new ConcurrentHashMap<>();

    BatchSizes(int ceiling, Duration statementBudget) {
        this.ceiling = ceiling;
        this.slowNanos = statementBudget.toNanos() / 2;
        this.fastNanos = statementBudget.toNanos() / 4;
    }

    /** The most rows any statement may touch: {@code ricascade.batch-size}. */
    int ceiling() {
        return ceiling;
    }

    /** The row limit for the next statement on this table. */
    int next(String table) {
        return sizes.getOrDefault(table, Math.min(START, ceiling));
    }

    /** A statement on this table, limited to {@code limit} rows, touched {@code rows} rows in {@code nanos}. */
    void observe(String table, int limit, long rows, long nanos) {
        if (nanos > slowNanos) {
            sizes.compute(table, (t, size) -> Math.max(1, Math.min(size == null ? limit : size, limit) / 2));
        } else if (nanos < fastNanos && rows >= limit / 2 && limit < ceiling) {
            // only from the size this statement ran at: a shrink that happened meanwhile stands
            sizes.compute(table, (t, size) -> size == null || size == limit ? Math.min(ceiling, limit * 2) : size);
        }
    }

    /**
     * How many parents a statement that deletes (or nulls) children of this relationship should name, repeated
     * until it comes back short: enough for a few statements at {@code limit} rows, so that commits stay few,
     * but not so many that each statement steps over many rows its predecessors deleted (InnoDB purges them
     * later) or carries a long IN list. Unknown children per parent count as one.
     */
    int parentsPerStatement(String relationship, int limit) {
        double perParent = Math.max(childrenPerParent.getOrDefault(relationship, 1.0), 1e-3);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(STATEMENTS_PER_PARENTS * limit / perParent)));
    }

    /** The children of {@code parents} parents of this relationship were {@code children} rows. */
    void observeChildren(String relationship, int parents, long children) {
        double seen = (double) children / parents;
        childrenPerParent.merge(relationship, seen, (before, now) -> (before + now) / 2);
    }
}
