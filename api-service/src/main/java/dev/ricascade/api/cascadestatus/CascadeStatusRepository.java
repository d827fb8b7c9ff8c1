package dev.ricascade.api.cascadestatus;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.api.cascadestatus.CascadeStatus.RelationshipProgress;

/**
 * The one reader of the cleanup service's status tables, {@code ri_cascade_status} and {@code ri_cascade_rows}: the
 * cleanup service creates and writes them, the API only reads them, through this class. The API may run before
 * the cleanup service has created them: {@link #read} answers as if no cascade had started yet, and only then.
 */
@Component
public class CascadeStatusRepository {

    private static final String STATUS = """
            SELECT `entity`, `action`, `state`, `detail`, `started_at`, `finished_at` FROM `ri_cascade_status`
            WHERE `event_id` = ?""";
    private static final String ROWS = """
            SELECT `relationship`, `deleted`, `nulled`, `rewritten`, `violations` FROM `ri_cascade_rows`
            WHERE `event_id` = ? ORDER BY `relationship`""";
    private static final String FINISHED = """
            EXISTS (SELECT 1 FROM `ri_cascade_status` s WHERE s.`event_id` = %s AND s.`state` IN ('done', 'failed'))""";
    private static final String TABLES_EXIST = """
            SELECT COUNT(*) = 2 FROM `information_schema`.`TABLES`
            WHERE `TABLE_SCHEMA` = DATABASE() AND `TABLE_NAME` IN ('ri_cascade_status', 'ri_cascade_rows')""";

    private final JdbcClient jdbc;

    public CascadeStatusRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A condition for another table's query, true where the cleanup service has finished (done or failed) the
     * cascade of the event in that column; read it through {@link #read}.
     *
     * @param eventIdColumn the qualified column, such as {@code p.`event_id`}
     */
    public static String finished(String eventIdColumn) {
        return FINISHED.formatted(eventIdColumn);
    }

    /**
     * Runs a query that reads the status tables.
     *
     * @param beforeTheTables the answer while the cleanup service has not created them (both) yet
     * @throws BadSqlGrammarException from the query when both tables exist: a real error, not a missing table
     */
    public <T> T read(Supplier<T> query, Supplier<T> beforeTheTables) {
        try {
            return query.get();
        } catch (BadSqlGrammarException e) {
            if (tablesExist()) {
                throw e;
            }
            return beforeTheTables.get();
        }
    }

    /** The cleanup service's record of the event's cascade, if it has started on it. */
    Optional<Progress> progress(String eventId) {
        return read(() -> jdbc.sql(STATUS).param(eventId)
                .query((rs, n) -> new Progress(rs.getString("entity") + "." + rs.getString("action"),
                        rs.getString("state"), rs.getString("detail"), instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at"))))
                .optional(), Optional::empty);
    }

    /** The rows the event's cascade has affected so far, per relationship, by relationship name. */
    List<RelationshipProgress> rows(String eventId) {
        return read(() -> jdbc.sql(ROWS).param(eventId)
                .query((rs, n) -> new RelationshipProgress(rs.getString("relationship"), rs.getLong("deleted"),
                        rs.getLong("nulled"), rs.getLong("rewritten"), rs.getLong("violations")))
                .list(), List::of);
    }

    private boolean tablesExist() {
        return jdbc.sql(TABLES_EXIST).query(Boolean.class).single();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** @param routingKey what happened, {@code <table>.<action>} */
    record Progress(String routingKey, String state, String detail, Instant startedAt, Instant finishedAt) {
    }
}
