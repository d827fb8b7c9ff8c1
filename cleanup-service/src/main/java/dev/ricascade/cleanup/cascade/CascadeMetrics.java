package dev.ricascade.cleanup.cascade;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;

/**
 * {@code ricascade.events} by outcome, {@code ricascade.rows} by relationship and change,
 * {@code ricascade.violations} by relationship, {@code ricascade.cascade.run.events}: how many delete events each
 * combined run committed together, {@code ricascade.cascade.run.over-budget}: combined runs that outlasted the
 * statement budget or held a batch of rows between them and rolled back (their events then go into smaller runs),
 * {@code ricascade.cascade.run.alone}: delete events a combined run sent to run alone (a subtree of a batch or more, a
 * RESTRICT with children, …), and {@code ricascade.cascade.statement}: how long each
 * cascade statement (its own transaction) took, with its max and a count of those within
 * {@code ricascade.statement-budget}, the longest a cascade should hold locks. The counters are
 * registered at zero when the service starts.
 */
@Component
public class CascadeMetrics {

    /** How the handling of one event ended. */
    public enum Outcome { DONE, PARTIAL, VIOLATION, REJECTED, INVALID, FAILED, RETRIED, DUPLICATE }

    private final MeterRegistry registry;
    private final Timer.Builder statements;

    CascadeMetrics(MeterRegistry registry, CleanupProperties properties, Manifest manifest) {
        this.registry = registry;
        // looked up in the registry for each statement, so that a benchmark may remove it to start a fresh max
        this.statements = Timer.builder("ricascade.cascade.statement").description("cascade statements, each its own transaction")
                .serviceLevelObjectives(properties.statementBudget());
        statements.register(registry);
        registerAtZero(manifest);
    }

    /**
     * Every counter exists from start-up, at zero: a replica that has handled nothing yet answers
     * {@code /actuator/metrics/ricascade.events} (and a dashboard's rate() sees the first increment).
     */
    private void registerAtZero(Manifest manifest) {
        runsOverBudget();
        sentAlone();
        for (Outcome outcome : Outcome.values()) {
            events(outcome);
        }
        for (Relationship relationship : manifest.relationships()) {
            violations(relationship);
            if (relationship.onDelete() == ReferentialAction.CASCADE) {
                rows(relationship, RowChange.DELETED);
            }
            if (relationship.onDelete() == ReferentialAction.SET_NULL || relationship.onUpdate() == ReferentialAction.SET_NULL) {
                rows(relationship, RowChange.NULLED);
            }
            if (relationship.onUpdate() == ReferentialAction.CASCADE) {
                rows(relationship, RowChange.REWRITTEN);
            }
        }
    }

    /** A combined run committed with this many events ({@code ricascade.cascade.run.events}). */
    void combinedRun(int events) {
        DistributionSummary.builder("ricascade.cascade.run.events")
                .description("delete events that committed together in one combined run").register(registry).record(events);
    }

    /**
     * A combined run began with this many under way, itself included ({@code ricascade.cascade.run.at-once}): how often
     * the runs overlap, at most {@link CombinedDeletes#RUNS_AT_ONCE}.
     */
    void combinedRunStarted(int underWay) {
        DistributionSummary.builder("ricascade.cascade.run.at-once")
                .description("combined runs under way when one began, itself included").register(registry).record(underWay);
    }

    /**
     * A combined run outlasted the statement budget: mid-way it rolled back and its events went into smaller runs; at
     * its end it committed, and the next runs are smaller. Or its events' rows together made a batch: it rolled back,
     * and its events went into smaller runs.
     */
    void combinedRunOverBudget() {
        runsOverBudget().increment();
    }

    /** A combined run rolled back and sent this many of its events to run alone ({@code ricascade.cascade.run.alone}). */
    void combinedRunSentAlone(int events) {
        sentAlone().increment(events);
    }

    private Counter sentAlone() {
        return Counter.builder("ricascade.cascade.run.alone")
                .description("delete events a combined run could not take, which then ran alone").register(registry);
    }

    private Counter runsOverBudget() {
        return Counter.builder("ricascade.cascade.run.over-budget")
                .description("combined runs that outlasted the statement budget; the runs after them are smaller")
                .register(registry);
    }

    public void event(Outcome outcome) {
        events(outcome).increment();
    }

    private Counter events(Outcome outcome) {
        return Counter.builder("ricascade.events").description("events handled, by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter rows(Relationship relationship, RowChange change) {
        return Counter.builder("ricascade.rows").description("child rows changed by cascades")
                .tag("relationship", relationship.name()).tag("change", change.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    private Counter violations(Relationship relationship) {
        return Counter.builder("ricascade.violations").description("child rows a RESTRICT / NO ACTION relationship kept")
                .tag("relationship", relationship.name()).register(registry);
    }

    /** Records what a cascade does as it goes. */
    CascadeProgress progress() {
        return new CascadeProgress() {
            @Override
            public void rowsChanged(Relationship relationship, RowChange change, long rows) {
                rows(relationship, change).increment(rows);
            }

            @Override
            public void violation(Relationship relationship, long rows) {
                violations(relationship).increment(rows);
            }

            @Override
            public void statement(long nanos) {
                statements.register(registry).record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }
}
