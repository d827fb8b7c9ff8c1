package dev.ricascade.api.cascades;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ricascade.api.NotFoundException;
import dev.ricascade.api.cascades.CascadeStatus.RelationshipProgress;

/**
 * {@code GET /api/cascades/{eventId}}: the progress the cleanup service reports in its tables
 * {@code ri_cascade_status} and {@code ri_cascade_rows} (which it creates; until it has, every cascade is pending).
 */
@RestController
@RequestMapping("/api/cascades")
class CascadeStatusController {

    private static final String OUTBOX_EVENT = """
            SELECT `routing_key`, `sent_at` FROM `ri_outbox` WHERE `event_id` = :eventId""";
    private static final String STATUS = """
            SELECT `entity`, `action`, `state`, `detail`, `started_at`, `finished_at` FROM `ri_cascade_status`
            WHERE `event_id` = :eventId""";
    private static final String ROWS = """
            SELECT `relationship`, `deleted`, `nulled`, `rewritten`, `violations` FROM `ri_cascade_rows`
            WHERE `event_id` = :eventId ORDER BY `relationship`""";

    private final JdbcClient jdbc;

    CascadeStatusController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/{eventId}")
    @Operation(summary = "The status of the cascade a delete or key change started: pending, running, done or failed, "
            + "with the rows affected so far per relationship")
    CascadeStatus status(@PathVariable String eventId) {
        Optional<OutboxEvent> event = jdbc.sql(OUTBOX_EVENT).param("eventId", eventId)
                .query((rs, n) -> new OutboxEvent(rs.getString("routing_key"), rs.getTimestamp("sent_at") != null))
                .optional();
        Optional<Progress> progress = progress(eventId);
        if (event.isEmpty() && progress.isEmpty()) {
            throw new NotFoundException("No cascade is known for event " + eventId
                    + ". Use the Location a delete or key change answered with.");
        }
        if (progress.isEmpty()) {
            return new CascadeStatus(eventId, event.get().routingKey(), "pending", event.get().sent(), null, null, null, List.of());
        }
        Progress p = progress.get();
        List<RelationshipProgress> rows = jdbc.sql(ROWS).param("eventId", eventId)
                .query((rs, n) -> new RelationshipProgress(rs.getString("relationship"), rs.getLong("deleted"),
                        rs.getLong("nulled"), rs.getLong("rewritten"), rs.getLong("violations")))
                .list();
        return new CascadeStatus(eventId, p.routingKey(), p.state(), true, p.detail(), p.startedAt(), p.finishedAt(), rows);
    }

    private Optional<Progress> progress(String eventId) {
        try {
            return jdbc.sql(STATUS).param("eventId", eventId)
                    .query((rs, n) -> new Progress(rs.getString("entity") + "." + rs.getString("action"),
                            rs.getString("state"), rs.getString("detail"), instant(rs.getTimestamp("started_at")),
                            instant(rs.getTimestamp("finished_at"))))
                    .optional();
        } catch (BadSqlGrammarException e) {
            return Optional.empty(); // the cleanup service has not created its tables yet
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private record OutboxEvent(String routingKey, boolean sent) {
    }

    private record Progress(String routingKey, String state, String detail, Instant startedAt, Instant finishedAt) {
    }
}
