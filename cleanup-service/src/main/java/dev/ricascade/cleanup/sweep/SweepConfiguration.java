package dev.ricascade.cleanup.sweep;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** The sweep's schedule, {@code ricascade.sweep.cron}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SweepConfiguration {

    @Bean
    SchedulingConfigurer sweepSchedule(OrphanSweep sweep, SweepProperties properties) {
        return (ScheduledTaskRegistrar registrar) -> {
            if (!ScheduledTaskRegistrar.CRON_DISABLED.equals(properties.cron())) {
                registrar.addCronTask(sweep::run, properties.cron());
            }
        };
    }
}
