package dev.ricascade.cleanup.sweep;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/** The sweep's schedule and its fleet-wide lock: ShedLock's table {@code ri_shedlock}, with the database's clock. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SweepConfiguration {

    /** Named like the service's other tables ({@code ri_*}), which test set-ups keep when they reset a schema. */
    static final String LOCK_TABLE = "ri_shedlock";

    private static final String CREATE_LOCK_TABLE = """
            CREATE TABLE IF NOT EXISTS `ri_shedlock` (
              `name` VARCHAR(64) NOT NULL,
              `lock_until` TIMESTAMP(3) NOT NULL,
              `locked_at` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
              `locked_by` VARCHAR(255) NOT NULL,
              PRIMARY KEY (`name`)
            )
            """;

    @Bean
    LockingTaskExecutor sweepLock(JdbcTemplate jdbc) {
        jdbc.execute(CREATE_LOCK_TABLE);
        return new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc).withTableName(LOCK_TABLE).usingDbTime().build()));
    }

    @Bean
    SchedulingConfigurer sweepSchedule(OrphanSweep sweep, SweepProperties properties) {
        return (ScheduledTaskRegistrar registrar) -> {
            if (!ScheduledTaskRegistrar.CRON_DISABLED.equals(properties.cron())) {
                registrar.addCronTask(sweep::run, properties.cron());
            }
        };
    }
}
