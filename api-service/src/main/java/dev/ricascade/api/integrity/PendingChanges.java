package dev.ricascade.api.integrity;

import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.cascadestatus.CascadeStatusRepository;

/**
 * The record of parent changes whose cascade has not finished ({@code ri_pending_change}). A change is
 * pending from the commit of its main action until the cleanup service's {@code ri_cascade_status} says
 * its event is done or failed ({@link CascadeStatusRepository#finished}); until the cleanup service has created that
 * table, every change is pending.
 */
@Component
public class PendingChanges {

    private static final String RECORD = """
            INSERT INTO `ri_pending_change` (`event_id`, `parent_table`, `action`, `old_values`, `new_values`)
            VALUES (?, ?, ?, ?, ?)""";
    private static final String PENDING = """
            SELECT p.`event_id`, p.`parent_table`, p.`action`, p.`old_values`, p.`new_values`
            FROM `ri_pending_change` p
            WHERE p.`parent_table` = ? AND NOT %s
            ORDER BY p.`id`""".formatted(CascadeStatusRepository.finished("p.`event_id`"));
    private static final String PENDING_WITHOUT_STATUS = """
            SELECT p.`event_id`, p.`parent_table`, p.`action`, p.`old_values`, p.`new_values`
            FROM `ri_pending_change` p
            WHERE p.`parent_table` = ?
            ORDER BY p.`id`""";

    private final JdbcClient jdbc;
    private final CascadeStatusRepository statuses;

    PendingChanges(JdbcClient jdbc, CascadeStatusRepository statuses) {
        this.jdbc = jdbc;
        this.statuses = statuses;
    }

    /**
     * Records a delete, in the transaction that deletes the row and appends its event.
     *
     * @param oldValues the row's primary key and every referenced column
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deleted(String eventId, String table, Map<String, ?> oldValues) {
        record(eventId, table, PendingChange.DELETED, oldValues, null);
    }

    /**
     * Records a change of referenced columns, in the transaction that updates the row and appends its event.
     *
     * @param oldValues the row's primary key and every referenced column before the change
     * @param newValues the changed columns after it
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void updated(String eventId, String table, Map<String, ?> oldValues, Map<String, ?> newValues) {
        record(eventId, table, PendingChange.UPDATED, oldValues, newValues);
    }

    /** The changes of rows of this parent table whose cascade has not finished, oldest first. */
    List<PendingChange> of(String table) {
        return statuses.read(() -> query(PENDING, table), () -> query(PENDING_WITHOUT_STATUS, table));
    }

    private List<PendingChange> query(String sql, String table) {
        return jdbc.sql(sql).param(table)
                .query((rs, n) -> new PendingChange(rs.getString("event_id"), rs.getString("parent_table"),
                        rs.getString("action"), StoredValues.read(rs.getString("old_values")),
                        StoredValues.read(rs.getString("new_values"))))
                .list();
    }

    private void record(String eventId, String table, String action, Map<String, ?> oldValues, Map<String, ?> newValues) {
        jdbc.sql(RECORD).param(eventId).param(table).param(action)
                .param(StoredValues.write(oldValues))
                .param(newValues == null ? null : StoredValues.write(newValues))
                .update();
    }
}
