package dev.ricascade.api;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The status row the cleanup service writes when it has finished an event, for tests that keep cascades pending
 * without a cleanup service and complete them by hand.
 */
final class CascadeStatusRows {

    private static final String STATUS_TABLE = """
            CREATE TABLE IF NOT EXISTS ri_cascade_status (
                event_id VARCHAR(200) NOT NULL PRIMARY KEY,
                entity VARCHAR(64) NOT NULL,
                action VARCHAR(16) NOT NULL,
                state VARCHAR(16) NOT NULL,
                detail VARCHAR(1000) NULL,
                started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                finished_at TIMESTAMP(3) NULL
            )""";
    private static final String FINISHED = """
            INSERT INTO ri_cascade_status (event_id, entity, action, state, finished_at)
            VALUES (?, 'customers', 'x', ?, CURRENT_TIMESTAMP(3))""";

    /** @param state {@code done} or {@code failed} */
    static void finish(JdbcClient jdbc, String eventId, String state) {
        jdbc.sql(STATUS_TABLE).update();
        jdbc.sql(FINISHED).params(eventId, state).update();
    }

    private CascadeStatusRows() {
    }
}
