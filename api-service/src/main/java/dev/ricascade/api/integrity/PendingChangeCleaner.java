package dev.ricascade.api.integrity;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.api.cascadestatus.CascadeStatusRepository;
import dev.ricascade.sql.SqlText;

/** Forgets pending changes whose cascade is done or failed, a bounded chunk per statement. */
@Component
class PendingChangeCleaner implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(PendingChangeCleaner.class);
    private static final int CHUNK = 500;

    private static final String FINISHED = """
            SELECT p.`id` FROM `ri_pending_change` p
            WHERE %s
            ORDER BY p.`id` LIMIT %d""".formatted(CascadeStatusRepository.finished("p.`event_id`"), CHUNK);
    private static final String DELETE = """
            DELETE FROM `ri_pending_change` WHERE `id` IN (%s)""";

    private final JdbcClient jdbc;
    private final CascadeStatusRepository statuses;
    private final Duration interval;

    PendingChangeCleaner(JdbcClient jdbc, CascadeStatusRepository statuses, ApiProperties properties) {
        this.jdbc = jdbc;
        this.statuses = statuses;
        this.interval = properties.pending().cleanupInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::deleteFinishedOnSchedule, interval, interval));
    }

    void deleteFinishedOnSchedule() {
        long deleted = deleteFinished();
        if (deleted > 0) {
            log.info("forgot {} pending change(s) whose cascade finished", deleted);
        }
    }

    /** @return how many pending changes were forgotten */
    long deleteFinished() {
        long total = 0;
        List<Long> ids;
        do {
            ids = statuses.read(() -> jdbc.sql(FINISHED).query(Long.class).list(), List::of); // no status table: none
            if (!ids.isEmpty()) {
                total += jdbc.sql(DELETE.formatted(SqlText.placeholders(ids.size()))).params(ids).update();
            }
        } while (ids.size() == CHUNK);
        return total;
    }
}
