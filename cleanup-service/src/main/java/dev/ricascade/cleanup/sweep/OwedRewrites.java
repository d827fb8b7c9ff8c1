package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.cascade.CascadeEngine;
import dev.ricascade.cleanup.cascade.CascadeProgress;
import dev.ricascade.cleanup.cascade.CascadeReport;
import dev.ricascade.cleanup.cascade.CascadeStatus;
import dev.ricascade.cleanup.cascade.RowChange;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;

/**
 * Orphans that a key change left behind: child rows still holding the old values of a parent whose key update
 * was recorded (the cleanup service keeps every event as it arrived: {@link CascadeStatus#recordedUpdates}), say
 * because its event was dead-lettered. Their parent is not missing, it moved: deleting them as if it had been deleted
 * would be wrong, so they are told apart and their rewrite is finished by replaying the recorded change. Which
 * recorded old values a row holds is the database's answer, under the child column's type and collation.
 */
@Component
class OwedRewrites {

    private static final Logger log = LoggerFactory.getLogger(OwedRewrites.class);

    /** How many of a parent table's latest key updates are looked at. */
    static final int RECENT_UPDATES = 500;

    private final JdbcClient jdbc;
    private final CascadeEngine engine;
    private final CascadeStatus statuses;

    OwedRewrites(JdbcClient jdbc, CascadeEngine engine, CascadeStatus statuses) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.statuses = statuses;
    }

    /** Whether a parent's key change cascades to this relationship at all. */
    static boolean applies(Relationship relationship) {
        return relationship.onUpdate() == ReferentialAction.CASCADE || relationship.onUpdate() == ReferentialAction.SET_NULL;
    }

    /**
     * The recorded key updates owed to these orphans, each with the orphans that still hold its old values; a row
     * holding the old values of several is owed the newest.
     */
    Map<ChangeEvent, List<OrphanRow>> owed(Relationship relationship, List<String> childKey, List<OrphanRow> orphans) {
        if (orphans.isEmpty() || !applies(relationship)) {
            return Map.of();
        }
        List<ChangeEvent> updates = new ArrayList<>();
        List<List<Object>> oldValues = new ArrayList<>();
        for (ChangeEvent update : statuses.recordedUpdates(relationship.parent().table(), RECENT_UPDATES)) {
            List<Object> old = new ArrayList<>();
            relationship.parent().columns().forEach(c -> old.add(update.key().get(c)));
            if (!old.contains(null) && !Collections.disjoint(update.changes().keySet(), relationship.parent().columns())) {
                updates.add(update);
                oldValues.add(old);
            }
        }
        if (updates.isEmpty()) {
            return Map.of();
        }
        List<String> columns = relationship.child().columns();
        String sql = "SELECT " + SqlText.columnList(childKey) + ", " + SqlText.matchIndex(columns, oldValues.size())
                + " FROM " + SqlText.quote(relationship.child().table()) + " WHERE "
                + SqlText.in(childKey, orphans.size()) + " AND " + SqlText.in(columns, oldValues.size());
        List<Object> params = new ArrayList<>(SqlText.flatten(oldValues));
        params.addAll(SqlText.flatten(orphans.stream().map(OrphanRow::key).toList()));
        params.addAll(SqlText.flatten(oldValues));
        Map<List<String>, OrphanRow> byKey = new HashMap<>();
        orphans.forEach(o -> byKey.put(KeyValues.canonicalAll(o.key()), o));
        Map<ChangeEvent, List<OrphanRow>> owed = new LinkedHashMap<>();
        jdbc.sql(sql).params(params).query((rs, n) -> {
            List<Object> key = new ArrayList<>(childKey.size());
            for (int i = 1; i <= childKey.size(); i++) {
                key.add(rs.getObject(i));
            }
            OrphanRow row = byKey.get(KeyValues.canonicalAll(key)); // the row as read back a moment ago: bookkeeping
            if (row != null) {
                owed.computeIfAbsent(updates.get(rs.getInt(childKey.size() + 1)), u -> new ArrayList<>()).add(row);
            }
            return row;
        }).list();
        return owed;
    }

    /** Finishes these owed rewrites, beneath included, as the cascade would have: returns the rows of the relationship rewritten. */
    long finish(Relationship relationship, Map<ChangeEvent, List<OrphanRow>> owed) {
        long rewritten = 0;
        for (Map.Entry<ChangeEvent, List<OrphanRow>> entry : owed.entrySet()) {
            ChangeEvent update = entry.getKey();
            CascadeReport report = engine.parentUpdated(update.entity(), update.key(), update.changes(), CascadeProgress.NONE);
            long rows = report.rows(relationship.name(), RowChange.REWRITTEN) + report.rows(relationship.name(), RowChange.NULLED);
            rewritten += rows;
            log.info("orphan sweep finished the rewrite owed by event {} ({} {} -> {}) for {} orphan(s) of {}, such as {}: {}",
                    update.eventId(), update.entity(), update.key(), update.changes(), entry.getValue().size(),
                    relationship.name(), entry.getValue().stream().limit(5).map(OrphanRow::key).toList(), report);
        }
        return rewritten;
    }
}
