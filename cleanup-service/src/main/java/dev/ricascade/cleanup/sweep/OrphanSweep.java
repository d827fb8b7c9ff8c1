package dev.ricascade.cleanup.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;

/**
 * The orphan sweep: for every relationship, the child rows that match no parent, counted, sampled and,
 * when repair is on, repaired as the relationship's ON DELETE action says; then the soft-deleted rows
 * purged. Runs on a schedule and on demand, on one replica of the fleet at a time.
 */
@Component
public class OrphanSweep {

    static final String LOCK_NAME = "ricascade-orphan-sweep";

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);

    private final Manifest manifest;
    private final SchemaCatalog catalog;
    private final RelationshipSweeper relationships;
    private final SoftDeletePurge softDeletes;
    private final Sightings sightings;
    private final SweepLock lock;
    private final SweepMetrics metrics;
    private final SweepProperties properties;
    private final Clock clock;
    private final AtomicReference<SweepReport> last = new AtomicReference<>();

    OrphanSweep(Manifest manifest, SchemaCatalog catalog, RelationshipSweeper relationships, SoftDeletePurge softDeletes, Sightings sightings,
                SweepLock lock, SweepMetrics metrics, SweepProperties properties, ObjectProvider<Clock> clock) {
        this.manifest = manifest;
        this.catalog = catalog;
        this.relationships = relationships;
        this.softDeletes = softDeletes;
        this.sightings = sightings;
        this.lock = lock;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** A run with the configured strategy and repair setting. */
    public Optional<SweepReport> run() {
        return run(properties.strategy(), properties.repair());
    }

    /**
     * Sweeps now, unless another replica (or thread) is sweeping.
     *
     * @return the report, or empty when another sweep holds the fleet-wide lock
     */
    public Optional<SweepReport> run(SweepStrategy strategy, boolean repair) {
        Optional<SweepReport> report = lock.runExclusively(LOCK_NAME, clock.instant(), properties.lockAtMostFor(),
                properties.lockAtLeastFor(), () -> sweep(strategy, repair));
        if (report.isEmpty()) {
            log.info("orphan sweep skipped: {}", whySkipped());
        }
        return report;
    }

    /**
     * Why a run just now found the lock held, as the lock's row tells it: a sweep still running (here or on
     * another replica), or the last one finished less than lock-at-least-for ago.
     */
    public String whySkipped() {
        return new SkippedSweep(lock.state(LOCK_NAME).orElse(null), properties.lockAtLeastFor(), LOCK_NAME).reason();
    }

    /** The report of the last run on this replica. */
    public Optional<SweepReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    private SweepReport sweep(SweepStrategy strategy, boolean repair) {
        Instant started = clock.instant();
        log.info("orphan sweep started: strategy {}, {}", strategy, repair ? "repairing" : "dry run");
        catalog.refresh(); // primary keys read afresh: the schema may have changed since the last run
        Throttle throttle = new Throttle(properties.rowsPerSecond());
        List<RelationshipReport> found = manifest.relationships().stream()
                .map((Relationship r) -> relationships.sweep(r, strategy, repair, clock, throttle)).toList();
        sightings.keepOnly(manifest.relationships().stream().map(Relationship::name).toList());
        List<SoftDeleteReport> purged = manifest.softDeletes().stream()
                .map(s -> softDeletes.purge(s, repair, throttle)).toList();
        SweepReport report = new SweepReport(started, clock.instant(), strategy, repair, found, purged);
        last.set(report);
        metrics.record(report);
        log.info("orphan sweep finished: {} orphan(s) in {} relationship(s)", report.orphans(), found.size());
        return report;
    }
}
