package dev.ricascade.api.outbox;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import dev.ricascade.api.ApiProperties;

/** Deletes sent events once they are older than the retention period, a bounded chunk per statement. */
@Component
class OutboxCleaner implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(OutboxCleaner.class);
    private static final int CHUNK = 1000;

    private static final String DELETE_SENT_BEFORE = """
            DELETE FROM `ri_outbox` WHERE `sent_at` < ? ORDER BY `id` LIMIT %d""".formatted(CHUNK);

    private final JdbcClient jdbc;
    private final Duration retention;
    private final Duration interval;

    OutboxCleaner(JdbcClient jdbc, ApiProperties properties) {
        this.jdbc = jdbc;
        this.retention = properties.outbox().retention();
        this.interval = properties.outbox().cleanupInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::deleteExpired, interval, interval));
    }

    void deleteExpired() {
        long deleted = deleteSentBefore(Instant.now().minus(retention));
        if (deleted > 0) {
            log.info("deleted {} sent outbox event(s) older than {}", deleted, retention);
        }
    }

    /** @return how many sent events were deleted */
    long deleteSentBefore(Instant cutoff) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(DELETE_SENT_BEFORE).param(Timestamp.from(cutoff)).update();
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }
}
