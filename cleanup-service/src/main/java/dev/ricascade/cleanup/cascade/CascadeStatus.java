package dev.ricascade.cleanup.cascade;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.Relationship;

/**
 * Records each event's cascade where a client can watch it: {@code ri_cascade_status} (running, done,
 * failed) and {@code ri_cascade_rows} (rows so far per relationship), in the application's database.
 * Row counts are added, not overwritten, so a redelivered event continues the count of the first try.
 */
@Component
class CascadeStatus implements InitializingBean {

    private static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

    private static final String CREATE_STATUS = """
            CREATE TABLE IF NOT EXISTS ri_cascade_status (
                event_id VARCHAR(200) NOT NULL PRIMARY KEY,
                entity VARCHAR(64) NOT NULL,
                action VARCHAR(16) NOT NULL,
                state VARCHAR(16) NOT NULL,
                detail VARCHAR(1000) NULL,
                started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                finished_at TIMESTAMP(3) NULL
            )
            """;
    private static final String CREATE_ROWS = """
            CREATE TABLE IF NOT EXISTS ri_cascade_rows (
                event_id VARCHAR(200) NOT NULL,
                relationship VARCHAR(64) NOT NULL,
                deleted BIGINT NOT NULL DEFAULT 0,
                nulled BIGINT NOT NULL DEFAULT 0,
                rewritten BIGINT NOT NULL DEFAULT 0,
                violations BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, relationship)
            )
            """;
    private static final String START = """
            INSERT INTO ri_cascade_status (event_id, entity, action, state) VALUES (?, ?, ?, 'running')
            ON DUPLICATE KEY UPDATE state = 'running', detail = NULL, finished_at = NULL
            """;
    private static final String FINISH = """
            UPDATE ri_cascade_status SET state = ?, detail = ?, finished_at = CURRENT_TIMESTAMP(3) WHERE event_id = ?
            """;
    private static final String FAIL = """
            INSERT INTO ri_cascade_status (event_id, entity, action, state, detail, finished_at)
            VALUES (?, ?, ?, 'failed', ?, CURRENT_TIMESTAMP(3))
            ON DUPLICATE KEY UPDATE state = 'failed', detail = ?, finished_at = CURRENT_TIMESTAMP(3)
            """;
    private static final String ADD_ROWS = """
            INSERT INTO ri_cascade_rows (event_id, relationship, deleted, nulled, rewritten, violations)
            VALUES (?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE deleted = deleted + ?, nulled = nulled + ?, rewritten = rewritten + ?,
                                    violations = violations + ?
            """;

    private final JdbcClient jdbc;

    CascadeStatus(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        jdbc.sql(CREATE_STATUS).update();
        jdbc.sql(CREATE_ROWS).update();
    }

    Tracker start(ChangeEvent event) {
        jdbc.sql(START).params(event.eventId(), event.entity(), event.action().wireName()).update();
        return new Tracker(event.eventId());
    }

    void failed(ChangeEvent event, String reason) {
        String detail = abbreviate(reason);
        jdbc.sql(FAIL).params(event.eventId(), event.entity(), event.action().wireName(), detail, detail).update();
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    /** One event's counts, flushed to the database about once a second and at the end. */
    final class Tracker implements CascadeProgress {

        private final String eventId;
        private final Map<String, long[]> pending = new LinkedHashMap<>(); // by RowChange ordinal, then violations
        private long lastFlush = System.nanoTime();

        private Tracker(String eventId) {
            this.eventId = eventId;
        }

        @Override
        public void rowsChanged(Relationship relationship, RowChange change, long rows) {
            counts(relationship)[change.ordinal()] += rows;
            flushIfDue();
        }

        @Override
        public void violation(Relationship relationship, long rows) {
            counts(relationship)[3] += rows;
            flushIfDue();
        }

        void finish(String state, String detail) {
            flush();
            jdbc.sql(FINISH).params(state, abbreviate(detail), eventId).update();
        }

        private long[] counts(Relationship relationship) {
            return pending.computeIfAbsent(relationship.name(), r -> new long[4]);
        }

        private void flushIfDue() {
            if (System.nanoTime() - lastFlush >= FLUSH_EVERY.toNanos()) {
                flush();
            }
        }

        private void flush() {
            pending.forEach((relationship, c) -> jdbc.sql(ADD_ROWS)
                    .params(eventId, relationship, c[0], c[1], c[2], c[3], c[0], c[1], c[2], c[3]).update());
            pending.clear();
            lastFlush = System.nanoTime();
        }
    }
}
