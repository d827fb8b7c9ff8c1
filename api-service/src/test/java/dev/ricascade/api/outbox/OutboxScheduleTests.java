package dev.ricascade.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.ricascade.api.ApiProperties;

/** The relay's and the cleaner's schedules come from the bound {@code ricascade.outbox.*} properties. */
class OutboxScheduleTests {

    private final ApiProperties properties = new ApiProperties(null, "ri.events",
            new ApiProperties.Outbox(Duration.ofMillis(123), 100, Duration.ofSeconds(10), Duration.ofDays(7),
                    Duration.ofMinutes(7), true),
            new ApiProperties.Pending(Duration.ofSeconds(2), Duration.ofMinutes(1)));

    @Test
    void theRelayPollsAtThePollIntervalFromTheStart() {
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        new OutboxRelay(null, null, null, properties).configureTasks(registrar);

        assertThat(registrar.getFixedDelayTaskList()).singleElement().satisfies(task -> {
            assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMillis(123));
            assertThat(task.getInitialDelayDuration()).isZero();
        });
    }

    @Test
    void theCleanerRunsEveryCleanupIntervalTheFirstTimeOneIntervalAfterStart() {
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        new OutboxCleaner(null, properties).configureTasks(registrar);

        assertThat(registrar.getFixedDelayTaskList()).singleElement().extracting(IntervalTask::getIntervalDuration,
                IntervalTask::getInitialDelayDuration).containsExactly(Duration.ofMinutes(7), Duration.ofMinutes(7));
    }
}
