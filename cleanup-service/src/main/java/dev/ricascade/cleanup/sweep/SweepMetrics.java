package dev.ricascade.cleanup.sweep;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The last run's findings as metrics, one time series per relationship: {@code ricascade.sweep.orphans},
 * {@code ricascade.sweep.probably.null}, {@code ricascade.sweep.repaired}, {@code ricascade.sweep.duration};
 * and per soft-delete table {@code ricascade.sweep.soft.deleted} (rows still flagged).
 */
@Component
class SweepMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

    SweepMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(SweepReport report) {
        for (RelationshipReport relationship : report.relationships()) {
            if (relationship.error() != null) {
                continue; // keep the last known values rather than report a failed scan as clean
            }
            gauge("ricascade.sweep.orphans", "relationship", relationship.relationship(), "child rows that match no parent row")
                    .set(relationship.orphans());
            gauge("ricascade.sweep.probably.null", "relationship", relationship.relationship(),
                    "orphans holding a sentinel such as 0, probably meant NULL").set(relationship.probablyNull());
            gauge("ricascade.sweep.repaired", "relationship", relationship.relationship(), "orphans the last run repaired")
                    .set(relationship.repaired());
            Timer.builder("ricascade.sweep.duration").tag("relationship", relationship.relationship())
                    .description("time to sweep one relationship").register(registry)
                    .record(relationship.durationMillis(), TimeUnit.MILLISECONDS);
        }
        for (SoftDeleteReport softDelete : report.softDeletes()) {
            if (softDelete.error() == null) {
                gauge("ricascade.sweep.soft.deleted", "table", softDelete.table(), "rows flagged deleted that the last run left")
                        .set(softDelete.flagged() - softDelete.purged());
            }
        }
    }

    private AtomicLong gauge(String name, String tag, String value, String description) {
        return gauges.computeIfAbsent(name + "|" + value, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).tag(tag, value).description(description).register(registry);
            return holder;
        });
    }
}
