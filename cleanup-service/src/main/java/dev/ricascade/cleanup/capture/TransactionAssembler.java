package dev.ricascade.cleanup.capture;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;

/**
 * Reads the binlog's events one transaction at a time and hands each committed transaction on with the events of
 * its parent changes and the position after it. A transaction whose first row event is the cleanup service's
 * {@code ri_capture_marker} row is the service's own (a cascade's deletes): it is handed on empty, so only its
 * position moves. Only the followed database's tables count.
 */
final class TransactionAssembler implements BinaryLogClient.EventListener {

    /**
     * The api-service's transactional outbox (its migration V3): a transaction that wrote it publishes its own events,
     * under the ids the API answered with, so the capture publishes nothing for it.
     */
    static final String OUTBOX_TABLE = "ri_outbox";

    private final String database;
    private final ParentChangeEvents parentChanges;
    private final Consumer<CapturedTransaction> committed;
    private final Map<Long, TableLayout> tables = new HashMap<>();
    private final List<OutgoingEvent> events = new ArrayList<>();
    private String file;
    private String gtid;
    private boolean ownTransaction;

    /**
     * @param file      the binlog file reading starts in (the server's first rotate event confirms it)
     * @param committed receives each committed transaction, in order; may block to slow reading down
     */
    TransactionAssembler(String database, String file, ParentChangeEvents parentChanges,
                         Consumer<CapturedTransaction> committed) {
        this.database = database;
        this.file = file;
        this.parentChanges = parentChanges;
        this.committed = committed;
    }

    @Override
    public void onEvent(Event event) {
        EventHeaderV4 header = event.getHeader();
        EventType type = header.getEventType();
        switch (type) {
            case ROTATE -> file = ((RotateEventData) event.getData()).getBinlogFilename();
            case TABLE_MAP -> tableMap(event.getData());
            case GTID -> begin(((GtidEventData) event.getData()).getGtid());
            case MARIADB_GTID -> {
                MariadbGtidEventData data = event.getData();
                begin(data.getDomainId() + "-" + data.getServerId() + "-" + data.getSequence());
            }
            case QUERY -> query(event.getData(), header);
            case XID -> commit(header);
            default -> {
                if (EventType.isRowMutation(type)) {
                    rows(event, header);
                }
            }
        }
    }

    private void tableMap(TableMapEventData data) {
        if (database.equals(data.getDatabase())) {
            tables.put(data.getTableId(), TableLayout.of(data));
        } else {
            tables.remove(data.getTableId()); // a table id can be reused for another table
        }
    }

    private void begin(String transactionGtid) {
        events.clear();
        ownTransaction = false;
        gtid = transactionGtid;
    }

    private void query(QueryEventData data, EventHeaderV4 header) {
        String sql = data.getSql().strip();
        if (sql.equalsIgnoreCase("BEGIN")) {
            events.clear();
            ownTransaction = false;
        } else {
            commit(header); // COMMIT of a non-transactional table's changes, or a statement logged on its own (DDL)
        }
    }

    private void rows(Event event, EventHeaderV4 header) {
        TableLayout table = tables.get(tableId(event));
        if (table == null || ownTransaction) {
            return;
        }
        if (table.table().equals(OwnTransactionMarker.TABLE) || table.table().equals(OUTBOX_TABLE)) {
            // the cleanup service's own change, or one whose events the api-service's outbox publishes itself
            ownTransaction = true;
            events.clear();
            return;
        }
        if (!parentChanges.isParent(table.table())) {
            return;
        }
        Instant committedAt = Instant.ofEpochMilli(header.getTimestamp());
        String place = "binlog:" + file + ":" + header.getPosition() + ":";
        if (EventType.isDelete(header.getEventType())) {
            List<Serializable[]> rows = ((DeleteRowsEventData) event.getData()).getRows();
            for (int i = 0; i < rows.size(); i++) {
                parentChanges.deleted(table, rows.get(i), place + i, committedAt).ifPresent(events::add);
            }
        } else if (EventType.isUpdate(header.getEventType())) {
            List<Map.Entry<Serializable[], Serializable[]>> rows = ((UpdateRowsEventData) event.getData()).getRows();
            for (int i = 0; i < rows.size(); i++) {
                Map.Entry<Serializable[], Serializable[]> row = rows.get(i);
                parentChanges.updated(table, row.getKey(), row.getValue(), place + i, committedAt).ifPresent(events::add);
            }
        }
    }

    private void commit(EventHeaderV4 header) {
        committed.accept(new CapturedTransaction(List.copyOf(events),
                new CapturePosition(file, header.getNextPosition(), gtid), header.getTimestamp()));
        events.clear();
        ownTransaction = false;
    }

    private static long tableId(Event event) {
        Object data = event.getData();
        if (data instanceof DeleteRowsEventData delete) {
            return delete.getTableId();
        }
        if (data instanceof UpdateRowsEventData update) {
            return update.getTableId();
        }
        if (data instanceof com.github.shyiko.mysql.binlog.event.WriteRowsEventData write) {
            return write.getTableId();
        }
        return -1;
    }
}
