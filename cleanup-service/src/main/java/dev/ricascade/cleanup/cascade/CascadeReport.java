package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ricascade.manifest.Relationship;

/**
 * What one cascade did, per relationship, and how long its longest statement took. Told from the threads of
 * concurrent leaf statements too, inside each statement's transaction, so it is synchronized.
 */
public final class CascadeReport implements CascadeProgress {

    private static final int MAX_REASONS = 10;


    private final CascadeProgress downstream;
    private final Map<String, Map<RowChange, Long>> rows = new LinkedHashMap<>();
    private final Map<String, Long> violations = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> conflicts = new ArrayList<>();
    private long statements;
    private long longestStatementNanos;

    CascadeReport(CascadeProgress downstream) {
        this.downstream = downstream;
    }

    @Override
    public synchronized void rowsChanged(Relationship relationship, RowChange change, long count) {
        if (count > 0) {
            rows.computeIfAbsent(relationship.name(), r -> new EnumMap<>(RowChange.class)).merge(change, count, Long::sum);
            downstream.rowsChanged(relationship, change, count);
        }
    }

    @Override
    public synchronized void violation(Relationship relationship, long count) {
        if (count > 0) {
            violations.merge(relationship.name(), count, Long::sum);
            downstream.violation(relationship, count);
        }
    }

    synchronized void skipped(Relationship relationship, String reason) {
        skipped.add(relationship.name() + ": " + reason);
    }

    @Override
    public synchronized void statement(long nanos) {
        statements++;
        longestStatementNanos = Math.max(longestStatementNanos, nanos);
        downstream.statement(nanos);
    }

    /**
     * Rows the cascade could not change as InnoDB would have (a value held by another row again, a rewrite that a
     * unique key refused): counted as violations of the relationship, with the reason. The first few reasons are kept.
     */
    synchronized void conflict(Relationship relationship, long rows, String reason) {
        violation(relationship, rows);
        if (conflicts.size() < MAX_REASONS) {
            conflicts.add(relationship.name() + ": " + reason);
        }
    }

    public synchronized List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    public synchronized long rows(String relationship, RowChange change) {
        return rows.getOrDefault(relationship, Map.of()).getOrDefault(change, 0L);
    }

    public synchronized long totalRows() {
        return rows.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    public synchronized Map<String, Long> violations() {
        return Map.copyOf(violations);
    }

    /** Relationships left alone because the event lacked a column they reference, with the reason. */
    public synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }

    public long statements() {
        return statements;
    }

    public double longestStatementMillis() {
        return longestStatementNanos / 1_000_000.0;
    }

    @Override
    public synchronized String toString() {
        return "rows " + rows + (violations.isEmpty() ? "" : ", violations " + violations)
                + (conflicts.isEmpty() ? "" : ", conflicts " + conflicts) + (skipped.isEmpty() ? "" : ", skipped " + skipped) + ", " + statements + " statements, longest "
                + String.format("%.1f", longestStatementMillis()) + " ms";
    }
}
