package dev.ricascade.cleanup.cascade;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.manifest.Relationship;

/**
 * {@code ricascade.events} by outcome, {@code ricascade.rows} by relationship and change,
 * {@code ricascade.violations} by relationship, and {@code ricascade.cascade.statement}: how long each
 * cascade statement (its own transaction) took, with its max and a count of those within
 * {@code ricascade.statement-budget}, the longest a cascade should hold locks.
 */
@Component
public class CascadeMetrics {

    /** How the handling of one event ended. */
    public enum Outcome { DONE, PARTIAL, VIOLATION, REJECTED, INVALID, FAILED, RETRIED, DUPLICATE }

    private final MeterRegistry registry;
    private final Timer statements;

    CascadeMetrics(MeterRegistry registry, CleanupProperties properties) {
        this.registry = registry;
        // built once: it is recorded for every statement of every cascade
        this.statements = Timer.builder("ricascade.cascade.statement").description("cascade statements, each its own transaction")
                .serviceLevelObjectives(properties.statementBudget()).register(registry);
    }

    public void event(Outcome outcome) {
        Counter.builder("ricascade.events").description("events handled, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    /** Records what a cascade does as it goes. */
    CascadeProgress progress() {
        return new CascadeProgress() {
            @Override
            public void rowsChanged(Relationship relationship, RowChange change, long rows) {
                Counter.builder("ricascade.rows").description("child rows changed by cascades")
                        .tag("relationship", relationship.name()).tag("change", change.name().toLowerCase(Locale.ROOT))
                        .register(registry).increment(rows);
            }

            @Override
            public void violation(Relationship relationship, long rows) {
                Counter.builder("ricascade.violations").description("child rows a RESTRICT / NO ACTION relationship kept")
                        .tag("relationship", relationship.name()).register(registry).increment(rows);
            }

            @Override
            public void statement(long nanos) {
                statements.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
