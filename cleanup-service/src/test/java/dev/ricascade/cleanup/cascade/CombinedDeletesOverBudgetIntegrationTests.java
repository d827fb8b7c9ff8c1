package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.test.context.TestPropertySource;

/**
 * The same as {@link CombinedDeletesIntegrationTests} with a statement budget that few runs of several events can keep:
 * runs that outlast it roll back and their events go into smaller runs, down to runs of one, and still every event
 * ends as it would alone (its status, its exact counts, the bad one dead-lettered alone, one row's events in order).
 */
@TestPropertySource(properties = "ricascade.statement-budget=2ms")
class CombinedDeletesOverBudgetIntegrationTests extends CombinedDeletesIntegrationTests {

    @Override
    protected void assertRunsCombined() {
        assertThat(meters.counter("ricascade.cascade.run.over-budget").count())
                .as("runs that outlasted the budget and went into smaller ones").isPositive();
    }

    /** Runs of one that outlast the budget run alone too. */
    @Override
    protected void assertSentAlone(double sentAlone, int expected) {
        assertThat(sentAlone).as("events sent to run alone").isGreaterThanOrEqualTo(expected);
    }
}
