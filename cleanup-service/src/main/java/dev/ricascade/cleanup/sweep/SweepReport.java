package dev.ricascade.cleanup.sweep;

import java.time.Instant;
import java.util.List;

/**
 * One run of the orphan sweep.
 *
 * @param startedAt     when it started
 * @param finishedAt    when it ended
 * @param strategy      how it looked for orphans
 * @param repair        whether it changed anything (false: a dry run)
 * @param relationships per relationship, in manifest order
 * @param softDeletes   per soft-delete table, in manifest order
 */
public record SweepReport(Instant startedAt, Instant finishedAt, SweepStrategy strategy, boolean repair,
                          List<RelationshipReport> relationships, List<SoftDeleteReport> softDeletes) {

    public long orphans() {
        return relationships.stream().mapToLong(RelationshipReport::orphans).sum();
    }

    public RelationshipReport relationship(String name) {
        return relationships.stream().filter(r -> r.relationship().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no relationship '" + name + "' in this report"));
    }

    public SoftDeleteReport softDelete(String table) {
        return softDeletes.stream().filter(s -> s.table().equals(table)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no soft-delete table '" + table + "' in this report"));
    }
}
