package dev.ricascade.cleanup.cascade;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventCodec;
import dev.ricascade.events.InvalidEventException;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;

/**
 * Records each event's cascade where a client can watch it: {@code ri_cascade_status} (running, done,
 * failed, with the event as it arrived unless it is a delete done in a combined run) and {@code ri_cascade_rows} (rows so far per relationship), in the application's database.
 * Row counts are added in the same transaction as the statement that changed the rows, so they equal the
 * rows really changed across hand-backs, crashes and redeliveries; violations are a finding of the run that
 * completes the event, so they are set when it finishes, not added. An event whose status is done is not run
 * again: a redelivered or duplicated event finds it so. The tables come from the service's migration
 * ({@code db/cleanup/V1__cleanup_tables.sql}).
 */
@Component
public class CascadeStatus {

    private static final Logger log = LoggerFactory.getLogger(CascadeStatus.class);

    private static final String STATE = """
            SELECT state FROM ri_cascade_status WHERE event_id = ?
            """;
    private static final String START = """
            INSERT INTO ri_cascade_status (event_id, entity, action, state, event) VALUES (?, ?, ?, 'running', ?)
            ON DUPLICATE KEY UPDATE state = 'running', detail = NULL, finished_at = NULL
            """;
    private static final String FINISH = """
            UPDATE ri_cascade_status SET state = ?, detail = ?, finished_at = CURRENT_TIMESTAMP(3) WHERE event_id = ?
            """;
    private static final String FAIL = """
            INSERT INTO ri_cascade_status (event_id, entity, action, state, detail, event, finished_at)
            VALUES (?, ?, ?, 'failed', ?, ?, CURRENT_TIMESTAMP(3))
            ON DUPLICATE KEY UPDATE state = 'failed', detail = ?, finished_at = CURRENT_TIMESTAMP(3)
            """;
    private static final String ADD_ROWS = """
            INSERT INTO ri_cascade_rows (event_id, relationship, deleted, nulled, rewritten)
            VALUES (?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE deleted = deleted + ?, nulled = nulled + ?, rewritten = rewritten + ?
            """;
    private static final String CLEAR_VIOLATIONS = """
            UPDATE ri_cascade_rows SET violations = 0 WHERE event_id = ?
            """;
    private static final String SET_VIOLATIONS = """
            INSERT INTO ri_cascade_rows (event_id, relationship, violations) VALUES (?, ?, ?)
            ON DUPLICATE KEY UPDATE violations = ?
            """;
    private static final String RECORDED_UPDATES = """
            SELECT event FROM ri_cascade_status WHERE entity = ? AND action = 'updated' AND event IS NOT NULL
            ORDER BY started_at DESC LIMIT ?
            """;

    private final EventCodec codec = new EventCodec();
    private final JdbcClient jdbc;
    /** For the run-sized statements, bound directly: Spring's per-parameter type handling cost more than the binding. */
    private final JdbcTemplate direct;
    private final TransactionOperations transactions;

    CascadeStatus(JdbcClient jdbc, JdbcTemplate direct, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.direct = direct;
        this.transactions = transactions;
    }

    /** The tracker of a run of this event, or null when the event is done already (a redelivery or a duplicate). */
    Tracker start(ChangeEvent event) {
        List<String> state = jdbc.sql(STATE).param(event.eventId()).query(String.class).list();
        if (state.contains("done")) {
            return null;
        }
        jdbc.sql(START).params(event.eventId(), event.entity(), event.action().wireName(), json(event)).update();
        return new Tracker(event.eventId());
    }

    /** The states of those of these events that have a status row, by event id: one statement for a combined run. */
    Map<String, String> states(List<String> eventIds) {
        Map<String, String> states = new HashMap<>();
        jdbc.sql("SELECT event_id, state FROM ri_cascade_status WHERE event_id IN (" + SqlText.placeholders(eventIds.size())
                + ")").params(eventIds).query(rs -> {
                    states.put(rs.getString(1), rs.getString(2));
                });
        return states;
    }

    /**
     * Records, inside a combined run's transaction, that these delete events (none with a status row yet) are done, with
     * the rows each changed per relationship: two statements for the whole run. A delete's own body is not kept: only
     * key updates are read back (by the orphan sweep), and writing each one cost a sixth of the consumers' CPU.
     */
    void recordDone(List<ChangeEvent> events, List<Map<Relationship, long[]>> rows) {
        if (events.isEmpty()) {
            return;
        }
        direct.update("INSERT INTO ri_cascade_status (event_id, entity, action, state, finished_at) VALUES "
                + String.join(", ", Collections.nCopies(events.size(), "(?, ?, ?, 'done', CURRENT_TIMESTAMP(3))")), statement -> {
                    int p = 0;
                    for (ChangeEvent event : events) {
                        statement.setString(++p, event.eventId());
                        statement.setString(++p, event.entity());
                        statement.setString(++p, event.action().wireName());
                    }
                });
        int counted = rows.stream().mapToInt(Map::size).sum();
        if (counted == 0) {
            return;
        }
        direct.update("INSERT INTO ri_cascade_rows (event_id, relationship, deleted, nulled, rewritten) VALUES "
                + String.join(", ", Collections.nCopies(counted, "(?, ?, ?, ?, ?)")), statement -> {
                    int p = 0;
                    for (int i = 0; i < events.size(); i++) {
                        for (Map.Entry<Relationship, long[]> count : rows.get(i).entrySet()) {
                            long[] changed = count.getValue();
                            statement.setString(++p, events.get(i).eventId());
                            statement.setString(++p, count.getKey().name());
                            statement.setLong(++p, changed[RowChange.DELETED.ordinal()]);
                            statement.setLong(++p, changed[RowChange.NULLED.ordinal()]);
                            statement.setLong(++p, changed[RowChange.REWRITTEN.ordinal()]);
                        }
                    }
                });
    }

    void failed(ChangeEvent event, String reason) {
        String detail = abbreviate(reason);
        jdbc.sql(FAIL).params(event.eventId(), event.entity(), event.action().wireName(), detail, json(event), detail).update();
    }

    /**
     * The newest key updates of this parent table, as they arrived, newest first: what the orphan sweep reads to tell
     * a rewrite still owed from a missing parent. One that cannot be read back is left out, with a warning.
     */
    public List<ChangeEvent> recordedUpdates(String table, int newest) {
        List<ChangeEvent> updates = new ArrayList<>();
        for (String json : jdbc.sql(RECORDED_UPDATES).params(table, newest).query(String.class).list()) {
            try {
                updates.add(codec.read(json.getBytes(StandardCharsets.UTF_8), null));
            } catch (InvalidEventException e) {
                log.warn("a recorded event of {} cannot be read back, so it owes nothing: {}", table, e.getMessage());
            }
        }
        return updates;
    }

    /** The event as it arrived, kept so that the orphan sweep can tell a rewrite still owed from a missing parent. */
    private String json(ChangeEvent event) {
        return new String(codec.write(event), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
    }

    /**
     * One event's counts. Rows are told inside the transaction of the statement that changed them and written
     * there, so they commit, or roll back, with the rows.
     */
    final class Tracker implements CascadeProgress {

        private final String eventId;

        private Tracker(String eventId) {
            this.eventId = eventId;
        }

        @Override
        public void rowsChanged(Relationship relationship, RowChange change, long rows) {
            if (rows > 0) {
                long[] counts = new long[3];
                counts[change.ordinal()] = rows;
                jdbc.sql(ADD_ROWS).params(eventId, relationship.name(), counts[0], counts[1], counts[2], counts[0], counts[1],
                        counts[2]).update();
            }
        }

        /** The run is complete: its violations, per relationship, replace what an interrupted run found. */
        void finish(String state, String detail, Map<String, Long> violations) {
            transactions.executeWithoutResult(tx -> {
                jdbc.sql(CLEAR_VIOLATIONS).param(eventId).update();
                violations.forEach((relationship, rows) -> jdbc.sql(SET_VIOLATIONS)
                        .params(eventId, relationship, rows, rows).update());
                jdbc.sql(FINISH).params(state, abbreviate(detail), eventId).update();
            });
        }
    }
}
