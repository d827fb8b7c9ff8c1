package dev.ricascade.api.cascadestatus;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.api.cascadestatus.CascadeStatus.RelationshipProgress;

/**
 * The one reader of the cleanup service's status tables, {@code ri_cascade_status} and {@code ri_cascade_rows}: the
 * cleanup service creates and writes them, the API only reads them, through this class. The API may run before
 * the cleanup service has created them: until the catalog shows the table a query reads, the query does not run and
 * the answer is as if no cascade had started yet. Once a table is there it is taken as there for good (the cleanup
 * service's migration creates it and nothing of the project drops it), so every error from then on is a real one.
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
    private static final String TABLE_EXISTS = """
            SELECT COUNT(*) > 0 FROM `information_schema`.`TABLES` WHERE `TABLE_SCHEMA` = DATABASE() AND `TABLE_NAME` = ?""";

    private final JdbcClient jdbc;
    private final CleanupTable statusTable = new CleanupTable("ri_cascade_status");
    private final CleanupTable rowsTable = new CleanupTable("ri_cascade_rows");

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
     * Runs a query that reads {@code ri_cascade_status}, through {@link #finished}, once the table exists.
     *
     * @param beforeTheTable the answer while the cleanup service has not created it yet
     */
    public <T> T read(Supplier<T> query, Supplier<T> beforeTheTable) {
        return read(statusTable, query, beforeTheTable);
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
        return read(rowsTable, () -> jdbc.sql(ROWS).param(eventId)
                .query((rs, n) -> new RelationshipProgress(rs.getString("relationship"), rs.getLong("deleted"),
                        rs.getLong("nulled"), rs.getLong("rewritten"), rs.getLong("violations")))
                .list(), List::of);
    }

    private static <T> T read(CleanupTable table, Supplier<T> query, Supplier<T> beforeTheTable) {
        return table.exists() ? query.get() : beforeTheTable.get();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** One of the cleanup service's tables: asked of the catalog until it is there, then remembered. */
    private final class CleanupTable {

        private final String name;
        private volatile boolean seen;

        CleanupTable(String name) {
            this.name = name;
        }

        boolean exists() {
            if (!seen) {
                seen = jdbc.sql(TABLE_EXISTS).param(name).query(Boolean.class).single();
            }
            return seen;
        }
    }

    /** @param routingKey what happened, {@code <table>.<action>} */
    record Progress(String routingKey, String state, String detail, Instant startedAt, Instant finishedAt) {
    }
}
