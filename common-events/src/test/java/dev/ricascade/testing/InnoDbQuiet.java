package dev.ricascade.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Waits until InnoDB has nothing left to do from what a benchmark did before: its purge done and its dirty pages
 * flushed until the redo log is mostly checkpointed, so that one phase's deleted rows and its flush debt do not slow
 * the next. Without it, every way of the large-delete benchmark after the load ran with the redo log near full and
 * its writes waiting on the page flush, its figures swinging two to three times from round to round. The API
 * benchmark's quiet phase waited for the purge only (a history list of 100 or less), so the page flush of the paced
 * phase's 630,003 deleted rows could still run through it.
 * <p>
 * The flush is hurried by lowering {@code innodb_max_dirty_pages_pct} to 0 for the wait (where the user may), then
 * restoring it. The purge is done only when the history list is empty: it counts transactions, not rows, so InnoDB's
 * one-statement delete of 210,001 rows stays a single entry until all of them are purged, 0.5 to 0.6 s of the
 * server's CPU after the statement (measured here).
 */
public final class InnoDbQuiet {

    private static final String HISTORY_LENGTH = """
            SELECT `COUNT` FROM information_schema.INNODB_METRICS WHERE NAME = 'trx_rseg_history_len'
            """;
    /**
     * How far the redo log runs ahead of its checkpoint, and how far it may before writes wait for the page flush:
     * MariaDB's pair, and MySQL's (8.0.30 and later) LSNs, of which the age is the difference.
     */
    private static final String CHECKPOINT = """
            SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_checkpoint_age', 'Innodb_checkpoint_max_age',
                'Innodb_redo_log_current_lsn', 'Innodb_redo_log_checkpoint_lsn')
            """;

    private InnoDbQuiet() {
    }

    /** @return false when InnoDB was still purging or flushing after {@code patience} */
    public static boolean await(JdbcClient jdbc, Duration patience) {
        Double dirtyPct = jdbc.sql("SELECT @@GLOBAL.innodb_max_dirty_pages_pct").query(Double.class).single();
        boolean hurried = setMaxDirtyPct(jdbc, 0);
        try {
            Awaitility.await("InnoDB purging and flushing").atMost(patience).pollInterval(Duration.ofMillis(50))
                    .until(() -> historyLength(jdbc) == 0 && checkpointed(jdbc));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        } finally {
            if (hurried) {
                setMaxDirtyPct(jdbc, dirtyPct);
            }
        }
    }

    /** The transactions whose undo InnoDB has not purged yet. */
    public static long historyLength(JdbcClient jdbc) {
        return jdbc.sql(HISTORY_LENGTH).query(Long.class).single();
    }

    private static boolean setMaxDirtyPct(JdbcClient jdbc, double pct) {
        try {
            jdbc.sql("SET GLOBAL innodb_max_dirty_pages_pct = ?").param(pct).update();
            return true;
        } catch (DataAccessException e) {
            return false; // not allowed: the flush only takes longer
        }
    }

    /** The redo not yet checkpointed is under a tenth of what makes writes wait; true where the server does not say. */
    private static boolean checkpointed(JdbcClient jdbc) {
        Map<String, Long> status = new HashMap<>();
        jdbc.sql(CHECKPOINT).query(rs -> {
            status.put(rs.getString(1).toLowerCase(), rs.getLong(2));
        });
        if (status.containsKey("innodb_checkpoint_age") && status.containsKey("innodb_checkpoint_max_age")) {
            return status.get("innodb_checkpoint_age") <= status.get("innodb_checkpoint_max_age") / 10;
        }
        if (status.containsKey("innodb_redo_log_current_lsn") && status.containsKey("innodb_redo_log_checkpoint_lsn")) {
            long capacity = jdbc.sql("SELECT @@GLOBAL.innodb_redo_log_capacity").query(Long.class).single();
            return status.get("innodb_redo_log_current_lsn") - status.get("innodb_redo_log_checkpoint_lsn") <= capacity / 10;
        }
        return true;
    }
}
