package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ricascade.manifest.Relationship;

/** What one cascade did, per relationship, and how long its longest statement took. */
public final class CascadeReport implements CascadeProgress {

    private final CascadeProgress downstream;
    private final Map<String, Map<RowChange, Long>> rows = new LinkedHashMap<>();
    private final Map<String, Long> violations = new LinkedHashMap<>();
    private final List<String> skipped = new ArrayList<>();
    private long statements;
    private long longestStatementNanos;

    CascadeReport(CascadeProgress downstream) {
        this.downstream = downstream;
    }

    @Override
    public void rowsChanged(Relationship relationship, RowChange change, long count) {
        if (count > 0) {
            rows.computeIfAbsent(relationship.name(), r -> new EnumMap<>(RowChange.class)).merge(change, count, Long::sum);
            downstream.rowsChanged(relationship, change, count);
        }
    }

    @Override
    public void violation(Relationship relationship, long count) {
        if (count > 0) {
            violations.merge(relationship.name(), count, Long::sum);
            downstream.violation(relationship, count);
        }
    }

    void skipped(Relationship relationship, String reason) {
        skipped.add(relationship.name() + ": " + reason);
    }

    @Override
    public void statement(long nanos) {
        statements++;
        longestStatementNanos = Math.max(longestStatementNanos, nanos);
        downstream.statement(nanos);
    }

    public long rows(String relationship, RowChange change) {
        return rows.getOrDefault(relationship, Map.of()).getOrDefault(change, 0L);
    }

    public long totalRows() {
        return rows.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> violations() {
        return Map.copyOf(violations);
    }

    /** Relationships left alone because the event lacked a column they reference, with the reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    public long statements() {
        return statements;
    }

    public double longestStatementMillis() {
        return longestStatementNanos / 1_000_000.0;
    }

    @Override
    public String toString() {
        return "rows " + rows + (violations.isEmpty() ? "" : ", violations " + violations)
                + (skipped.isEmpty() ? "" : ", skipped " + skipped) + ", " + statements + " statements, longest "
                + String.format("%.1f", longestStatementMillis()) + " ms";
    }
}
