package dev.ricascade.cleanup.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.cascade.CascadeReport;
import dev.ricascade.cleanup.cascade.RowChange;
import dev.ricascade.cleanup.schema.MissingPrimaryKeyException;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;

/** Sweeps one relationship: finds its orphans, sets sentinels apart, and repairs the orphans old enough to repair. */
@Component
class RelationshipSweeper {

    private static final Logger log = LoggerFactory.getLogger(RelationshipSweeper.class);

    private final JdbcClient jdbc;
    private final SchemaCatalog catalog;
    private final ExclusionJoinScan joinScan;
    private final KeysetScan keysetScan;
    private final ParentLookup parents;
    private final Sightings sightings;
    private final RowRepairs repairs;
    private final OwedRewrites owedRewrites;
    private final SweepProperties properties;
    private final int batchSize;
    private final Set<String> sentinels;

    RelationshipSweeper(JdbcClient jdbc, SchemaCatalog catalog, ExclusionJoinScan joinScan, KeysetScan keysetScan,
                        ParentLookup parents, Sightings sightings, RowRepairs repairs, OwedRewrites owedRewrites,
                        SweepProperties properties, CleanupProperties cleanup) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.joinScan = joinScan;
        this.keysetScan = keysetScan;
        this.parents = parents;
        this.sightings = sightings;
        this.repairs = repairs;
        this.owedRewrites = owedRewrites;
        this.properties = properties;
        this.batchSize = cleanup.batchSize();
        this.sentinels = properties.sentinels().stream().map(KeyValues::canonical).collect(Collectors.toSet());
    }

    RelationshipReport sweep(Relationship relationship, SweepStrategy strategy, boolean repair, Clock clock, Throttle throttle) {
        long started = System.nanoTime();
        Instant scanStart = clock.instant();
        Tally tally = new Tally(properties.sampleSize());
        boolean repairs = relationship.onDelete() == ReferentialAction.CASCADE || relationship.onDelete() == ReferentialAction.SET_NULL
                || OwedRewrites.applies(relationship);
        try {
            List<String> childKey = catalog.primaryKey(relationship.child().table());
            OrphanScan scan = strategy == SweepStrategy.JOIN ? joinScan : keysetScan;
            scan.scan(relationship, childKey, properties.chunk(), chunk -> {
                List<OrphanRow> orphans = new ArrayList<>();
                for (OrphanRow row : chunk) {
                    if (holdsSentinel(row)) {
                        tally.probablyNull(row);
                    } else {
                        tally.orphan(row);
                        orphans.add(row);
                    }
                }
                if (repairs) {
                    List<OrphanRow> graceful = sightings.record(relationship.name(), orphans, scanStart, properties.grace());
                    tally.awaitingGrace += orphans.size() - graceful.size();
                    Map<ChangeEvent, List<OrphanRow>> owed = owedRewrites.owed(relationship, childKey, graceful);
                    owed.values().forEach(rows -> tally.owedRewrites += rows.size());
                    if (repair) {
                        tally.rewritten += owedRewrites.finish(relationship, owed);
                        Set<OrphanRow> moved = new HashSet<>();
                        owed.values().forEach(moved::addAll);
                        List<OrphanRow> gone = graceful.stream().filter(row -> !moved.contains(row)).toList();
                        if (relationship.onDelete() == ReferentialAction.CASCADE
                                || relationship.onDelete() == ReferentialAction.SET_NULL) {
                            tally.repaired += repair(relationship, childKey, gone, throttle);
                        }
                        sightings.forget(relationship.name(), List.copyOf(moved));
                    }
                }
            });
            if (repairs) {
                sightings.forgetUnseen(relationship.name(), scanStart);
            }
            return tally.report(relationship, elapsedMillis(started), null);
        } catch (DataAccessException | MissingPrimaryKeyException e) {
            log.warn("orphan sweep of relationship {} failed: {}", relationship, e.getMessage());
            return tally.report(relationship, elapsedMillis(started), e.getMessage());
        }
    }

    private boolean holdsSentinel(OrphanRow row) {
        return row.references().stream().anyMatch(v -> sentinels.contains(KeyValues.canonical(v)));
    }

    /**
     * Repairs, a batch at a time, the rows that are still the same orphans now (a parent may have come
     * back, or the row may have changed, since the scan read it): the relationship's ON DELETE action,
     * applied to the children of their missing parents. Acting on the parent values takes the orphans'
     * siblings (later in the scan) along: they reference the same parent, gone for at least the grace period.
     */
    private long repair(Relationship relationship, List<String> childKey, List<OrphanRow> rows, Throttle throttle) {
        long repaired = 0;
        for (int from = 0; from < rows.size(); from += batchSize) {
            List<OrphanRow> batch = rows.subList(from, Math.min(rows.size(), from + batchSize));
            List<OrphanRow> still = stillOrphans(relationship, childKey, batch);
            CascadeReport cascade = repairs.parentsGone(relationship, ParentLookup.distinctReferences(still));
            sightings.forget(relationship.name(), batch);
            repaired += cascade.rows(relationship.name(), RowChange.DELETED) + cascade.rows(relationship.name(), RowChange.NULLED);
            throttle.changed((int) cascade.totalRows());
            log.info("orphan sweep repaired {} orphan(s) of {} ({}), such as {}: {}", still.size(), relationship.name(),
                    relationship.onDelete().manifestName(), still.stream().limit(5).map(OrphanRow::key).toList(), cascade);
        }
        return repaired;
    }

    private List<OrphanRow> stillOrphans(Relationship relationship, List<String> childKey, List<OrphanRow> batch) {
        String sql = "SELECT " + SqlText.columnList("", childKey) + ", " + SqlText.columnList("", relationship.child().columns())
                + " FROM " + SqlText.quote(relationship.child().table()) + " WHERE " + SqlText.in("", childKey, batch.size());
        List<OrphanRow> current = jdbc.sql(sql).params(SqlText.flatten(batch.stream().map(OrphanRow::key).toList()))
                .query(OrphanRow.mapper(childKey.size(), relationship.child().columns().size())).list();
        Set<List<String>> scanned = batch.stream().map(KeyValues::sameRow).collect(Collectors.toSet());
        List<OrphanRow> unchanged = current.stream().filter(row -> scanned.contains(KeyValues.sameRow(row))).toList();
        return KeysetScan.orphansAmong(relationship, unchanged, parents);
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** Counts and samples, as a relationship's scan goes. */
    private static final class Tally {

        private final int sampleSize;
        private final List<OrphanRow> sample = new ArrayList<>();
        private final List<OrphanRow> probablyNullSample = new ArrayList<>();
        private long orphans;
        private long probablyNull;
        private long awaitingGrace;
        private long repaired;
        private long owedRewrites;
        private long rewritten;

        Tally(int sampleSize) {
            this.sampleSize = sampleSize;
        }

        void orphan(OrphanRow row) {
            orphans++;
            if (sample.size() < sampleSize) {
                sample.add(row);
            }
        }

        void probablyNull(OrphanRow row) {
            probablyNull++;
            if (probablyNullSample.size() < sampleSize) {
                probablyNullSample.add(row);
            }
        }

        RelationshipReport report(Relationship relationship, long durationMillis, String error) {
            return new RelationshipReport(relationship.name(), relationship.onDelete().manifestName(), orphans, List.copyOf(sample),
                    probablyNull, List.copyOf(probablyNullSample), awaitingGrace, repaired, owedRewrites, rewritten,
                    durationMillis, error);
        }
    }
}
