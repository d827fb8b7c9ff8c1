package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.cascade.CascadeMetrics.Outcome;
import dev.ricascade.cleanup.schema.ColumnType;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventAction;
import dev.ricascade.events.InvalidEventException;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.TableColumns;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * The cascade feature's entry point: checks an event against the manifest and the database, runs its
 * cascade, and records the outcome (status table, metrics).
 */
@Service
public class CascadeService {

    private static final Logger log = LoggerFactory.getLogger(CascadeService.class);

    private final CascadeEngine engine;
    private final Manifest manifest;
    private final RelationshipGraph graph;
    private final SchemaCatalog catalog;
    private final CascadeStatus status;
    private final CascadeMetrics metrics;
    private final ShutdownSignal shutdown;
    /** Null when {@code ricascade.combined-events} is 0. */
    private final CombinedDeletes combined;

    CascadeService(CascadeEngine engine, Manifest manifest, RelationshipGraph graph, SchemaCatalog catalog,
                   CascadeStatus status, CascadeMetrics metrics, ShutdownSignal shutdown, TransactionOperations transactions,
                   CleanupProperties properties) {
        this.engine = engine;
        this.manifest = manifest;
        this.graph = graph;
        this.catalog = catalog;
        this.status = status;
        this.metrics = metrics;
        this.shutdown = shutdown;
        this.combined = properties.combinedEvents() == 0 ? null : new CombinedDeletes(engine, status, metrics, transactions,
                properties.statementBudget(), properties.combinedEvents());
    }

    /** The service has begun to shut down: work in hand should be handed back rather than retried. */
    public boolean stopping() {
        return shutdown.stopping();
    }

    /**
     * Carries out delete events together where it can: one combined run of set-based statements in one transaction
     * ({@link CombinedDeletes}), each event keeping its own status and counts.
     *
     * @param received delete events, in the order they arrived
     * @param seenBefore whether any of them may have a status row already (its message was delivered before): only
     *                   then does the run look their statuses up first; otherwise a status row that exists (an event
     *                   published twice) makes the run's insert fail, and the events run alone
     * @return at each event's position, its report when the run did it (or found it done already), or null for an
     *         event the run left alone: it must go through {@link #handle} next, in order (a subtree of a batch or
     *         more, a RESTRICT with children, a row that still exists, a bad key, any error, ...)
     * @throws CascadeStoppedException the service is shutting down: the events go back to their queues
     */
    public List<CascadeReport> handleTogether(List<ChangeEvent> received, boolean seenBefore) {
        CascadeReport[] reports = new CascadeReport[received.size()];
        if (combined == null) {
            return Arrays.asList(reports);
        }
        List<ChangeEvent> checked = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            try {
                ChangeEvent event = KeyShorthand.resolve(received.get(i), catalog);
                checkAgainstManifest(event);
                if (event.action() == EventAction.DELETED) {
                    checked.add(event);
                    positions.add(i);
                }
            } catch (InvalidEventException e) {
                // left alone: handle() finds the same problem and the event is dead-lettered with it
            }
        }
        if (checked.isEmpty()) {
            return Arrays.asList(reports);
        }
        List<CombinedDeletes.Result> results = combined.submit(checked, seenBefore);
        for (int i = 0; i < checked.size(); i++) {
            ChangeEvent event = checked.get(i);
            CombinedDeletes.Result result = results.get(i);
            if (result.kind() == CombinedDeletes.Kind.DUPLICATE) {
                reports[positions.get(i)] = duplicate(event);
            } else if (result.kind() == CombinedDeletes.Kind.DONE) {
                metrics.event(Outcome.DONE);
                // one line per run says what it did (CombinedDeletes); one per event would cost a seventh of the
                // consumers' CPU at a few thousand events a second (SmallDeletesBenchmark under JFR)
                log.debug("Event {} ({} {}), in a combined run: {}", event.eventId(), event.routingKey(), event.key(),
                        result.report());
                reports[positions.get(i)] = result.report();
            }
        }
        return Arrays.asList(reports);
    }

    /**
     * Carries out the event's cascade.
     *
     * @throws InvalidEventException   the manifest does not know the entity or a column (no SQL ran)
     * @throws RejectedEventException  the parent row still exists, so nothing may cascade
     * @throws org.springframework.dao.DataAccessException from the database; transient ones are worth a retry
     */
    public CascadeReport handle(ChangeEvent received) {
        ChangeEvent event = KeyShorthand.resolve(received, catalog);
        checkAgainstManifest(event);
        if (rowStillExists(event)) {
            throw new RejectedEventException("the " + event.entity() + " row with key " + event.key() + " still exists, so "
                    + "this " + event.action().wireName() + " event must not cascade (published by mistake, or its "
                    + "transaction rolled back?)");
        }
        CascadeStatus.Tracker tracker = status.start(event);
        if (tracker == null) {
            return duplicate(event);
        }
        CascadeProgress progress = tracker.and(metrics.progress());
        CascadeReport report;
        if (event.action() == EventAction.DELETED) {
            report = engine.parentDeleted(event.entity(), event.key(), progress);
        } else {
            boolean gone = deletedSince(event);
            if (gone) {
                log.info("Event {} ({} {}): the row is gone since, deleted by a cascade that ran first from another "
                        + "shard; the children ON UPDATE CASCADE would move get the delete's action, where InnoDB left "
                        + "them", event.eventId(), event.routingKey(), event.key());
            }
            report = engine.parentUpdated(event.entity(), event.key(), event.changes(), gone, progress);
        }
        String detail = detail(report);
        tracker.finish("done", detail, report.violations());
        Outcome outcome = !report.violations().isEmpty() ? Outcome.VIOLATION
                : !report.skipped().isEmpty() ? Outcome.PARTIAL : Outcome.DONE;
        metrics.event(outcome);
        log.info("Event {} ({} {}): {}", event.eventId(), event.routingKey(), event.key(), report);
        return report;
    }

    private CascadeReport duplicate(ChangeEvent event) {
        log.info("Event {} ({} {}) is done already: a redelivery or a duplicate, acknowledged as it is",
                event.eventId(), event.routingKey(), event.key());
        metrics.event(Outcome.DUPLICATE);
        return new CascadeReport(CascadeProgress.NONE);
    }

    /** Records that an event will never be carried out, so a client watching its status learns why. */
    public void failed(ChangeEvent event, String reason) {
        status.failed(event, reason);
    }

    private void checkAgainstManifest(ChangeEvent event) {
        if (graph.childrenOf(event.entity()).isEmpty()) {
            throw new InvalidEventException("entity", "the manifest " + manifest.source() + " has no relationship whose "
                    + "parent is '" + event.entity() + "'; parents it knows: " + parents());
        }
        Set<String> known = new LinkedHashSet<>(graph.referencedColumns(event.entity()));
        known.addAll(catalog.primaryKey(event.entity()));
        checkColumns(event, "key", event.key(), known);
        checkColumns(event, "changes", event.changes(), known);
    }

    private void checkColumns(ChangeEvent event, String field, Map<String, Object> values, Set<String> known) {
        Map<String, ColumnType> types = catalog.columns(event.entity());
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            String column = entry.getKey();
            if (!known.contains(column)) {
                throw new InvalidEventException(field + "." + column, "'" + event.entity() + "." + column + "' is neither "
                        + "its primary key nor referenced by any relationship in the manifest; columns: " + known);
            }
            // before any SQL: a value the column cannot hold could only match nothing, or not even be sent
            String problem = ValueTypes.problem(entry.getValue(), types.get(column));
            if (problem != null) {
                throw new InvalidEventException(field + "." + column, problem + ", but " + event.entity() + "." + column
                        + " is " + types.get(column) + "; no row can hold it, so the event cannot cascade");
            }
        }
    }

    /**
     * For a delete: the row is still there. For an update: a row still holds the old key values but not the new
     * ones; the changed row itself holds both when the change is one its columns' collation cannot see (letter
     * case only), and that does not count. The database compares.
     */
    private boolean rowStillExists(ChangeEvent event) {
        List<String> columns = List.copyOf(event.key().keySet());
        List<Object> before = columns.stream().map(event.key()::get).toList();
        TableColumns row = new TableColumns(event.entity(), columns);
        if (event.action() == EventAction.DELETED) {
            return engine.rowHolds(row, before);
        }
        List<Object> after = columns.stream()
                .map(c -> event.changes().containsKey(c) ? event.changes().get(c) : event.key().get(c)).toList();
        return engine.anotherRowHolds(row, before, after);
    }

    /**
     * For an update: its row no longer exists. No row has the primary key this update left it with, and none holds
     * the new values of the changed columns: the row was deleted after the update, by a cascade from an ancestor whose
     * event went to another shard (rows are ordered per row, not across a cascade) and ran first, finding this row's
     * children still under the old values. InnoDB had rewritten them and then applied the delete's action. A later
     * update of the same row (the same shard, so after this event) may have changed the primary key or the values, but
     * not both without this check seeing one of them; an event whose key lacks the primary key is never taken as gone.
     */
    private boolean deletedSince(ChangeEvent event) {
        if (graph.parentsOf(event.entity()).stream().noneMatch(r -> r.onDelete() == ReferentialAction.CASCADE)) {
            return false; // no ancestor's cascade deletes rows of this table: only the row's own, later, delete
        }
        List<String> primaryKey = catalog.primaryKey(event.entity());
        Map<String, Object> after = new java.util.LinkedHashMap<>(event.key());
        after.putAll(event.changes());
        if (primaryKey.isEmpty() || !event.key().keySet().containsAll(primaryKey)) {
            return false;
        }
        if (engine.rowHolds(new TableColumns(event.entity(), primaryKey), primaryKey.stream().map(after::get).toList())) {
            return false;
        }
        List<String> changed = List.copyOf(event.changes().keySet());
        return !engine.rowHolds(new TableColumns(event.entity(), changed), changed.stream().map(after::get).toList());
    }

    private Set<String> parents() {
        return graph.tables().stream().filter(t -> !graph.childrenOf(t).isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String detail(CascadeReport report) {
        StringBuilder detail = new StringBuilder();
        if (!report.violations().isEmpty()) {
            detail.append("RESTRICT / NO ACTION kept child rows (InnoDB would have refused): ").append(report.violations());
        }
        if (!report.conflicts().isEmpty()) {
            detail.append(detail.isEmpty() ? "" : "; ").append("conflicts ").append(report.conflicts());
        }
        if (!report.skipped().isEmpty()) {
            detail.append(detail.isEmpty() ? "" : "; ").append("skipped ").append(report.skipped());
        }
        return detail.isEmpty() ? null : detail.toString();
    }

}
