package dev.ricascade.cleanup.cascade;

import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

import dev.ricascade.manifest.Relationship;

/**
 * {@code ricascade.events} by outcome, {@code ricascade.rows} by relationship and change, and
 * {@code ricascade.violations} by relationship.
 */
@Component
public class CascadeMetrics {

    /** How the handling of one event ended. */
    public enum Outcome { DONE, PARTIAL, VIOLATION, REJECTED, INVALID, FAILED, RETRIED }

    private final MeterRegistry registry;

    CascadeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void event(Outcome outcome) {
        Counter.builder("ricascade.events").description("events handled, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    CascadeProgress rows() {
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
        };
    }
}
