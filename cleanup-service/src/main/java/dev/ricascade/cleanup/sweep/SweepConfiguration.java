package dev.ricascade.cleanup.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ManifestLoader;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/** The sweep's schedule and its fleet-wide lock: ShedLock's table {@code shedlock}, with the database's clock. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SweepConfiguration {

    private static final String CREATE_LOCK_TABLE = """
            CREATE TABLE IF NOT EXISTS `shedlock` (
              `name` VARCHAR(64) NOT NULL,
              `lock_until` TIMESTAMP(3) NOT NULL,
              `locked_at` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
              `locked_by` VARCHAR(255) NOT NULL,
              PRIMARY KEY (`name`)
            )
            """;

    @Bean
    Manifest manifest(CleanupProperties properties) {
        try {
            return ManifestLoader.load(properties.manifest().getInputStream(), properties.manifest().getDescription());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the relationship manifest " + properties.manifest().getDescription()
                    + " (set ricascade.manifest): " + e.getMessage(), e);
        }
    }

    @Bean
    LockingTaskExecutor sweepLock(JdbcTemplate jdbc) {
        jdbc.execute(CREATE_LOCK_TABLE);
        return new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc).withTableName("shedlock").usingDbTime().build()));
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
