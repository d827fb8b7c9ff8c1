package dev.ricascade.cleanup.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

class SweepScheduleTests {

    @Test
    void theCronExpressionSchedulesAConfiguredRun() {
        OrphanSweep sweep = mock(OrphanSweep.class);
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        new SweepConfiguration().sweepSchedule(sweep, properties("0 30 3 * * *")).configureTasks(registrar);

        assertThat(registrar.getCronTaskList()).singleElement().satisfies(task -> {
            assertThat(task.getExpression()).isEqualTo("0 30 3 * * *");
            task.getRunnable().run();
        });
        verify(sweep).run();
    }

    @Test
    void aDashLeavesTheSweepToOnDemandRuns() {
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();

        new SweepConfiguration().sweepSchedule(mock(OrphanSweep.class), properties("-")).configureTasks(registrar);

        assertThat(registrar.getCronTaskList()).isEmpty();
    }

    private static SweepProperties properties(String cron) {
        return new SweepProperties(cron, SweepStrategy.JOIN, false, Duration.ofMinutes(10), 1000, 10, 0, List.of("0"),
                Duration.ofMinutes(5), Duration.ofSeconds(30));
    }
}
