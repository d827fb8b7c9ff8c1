package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.schema.MissingPrimaryKeyException;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.SoftDelete;
import dev.ricascade.sql.SqlText;

/**
 * The scheduled-job strategy for soft-deleted parents: rows flagged deleted are put through their
 * relationships as a real delete would be (children cascaded or set to NULL, bottom-up), then deleted.
 * A flagged row that a RESTRICT or NO ACTION child still references stays, as InnoDB would refuse its
 * delete, and is reported.
 */
@Component
class SoftDeletePurge {

    private static final Logger log = LoggerFactory.getLogger(SoftDeletePurge.class);

    private final JdbcClient jdbc;
    private final Manifest manifest;
    private final SchemaCatalog catalog;
    private final RowRepairs repairs;
    private final SweepProperties properties;
    private final int batchSize;

    SoftDeletePurge(JdbcClient jdbc, Manifest manifest, SchemaCatalog catalog, RowRepairs repairs,
                    SweepProperties properties, CleanupProperties cleanup) {
        this.jdbc = jdbc;
        this.manifest = manifest;
        this.catalog = catalog;
        this.repairs = repairs;
        this.properties = properties;
        this.batchSize = cleanup.batchSize();
    }

    SoftDeleteReport purge(SoftDelete softDelete, boolean repair, Throttle throttle) {
        long started = System.nanoTime();
        long flagged = 0;
        long blocked = 0;
        long purged = 0;
        List<List<Object>> blockedSample = new ArrayList<>();
        try {
            List<String> key = catalog.primaryKey(softDelete.table());
            String select = "SELECT " + SqlText.columnList("", key) + " FROM " + SqlText.quote(softDelete.table())
                    + " WHERE " + SqlText.quote(softDelete.column()) + " <> 0";
            String order = " ORDER BY " + SqlText.columnList("", key) + " LIMIT " + batchSize;
            List<Object> cursor = null;
            while (true) {
                List<List<Object>> rows = (cursor == null ? jdbc.sql(select + order)
                        : jdbc.sql(select + " AND " + SqlText.after("", key) + order).params(SqlText.afterParams(cursor)))
                        .query(OrphanRow.mapper(key.size(), 0)).list().stream().map(OrphanRow::key).toList();
                if (rows.isEmpty()) {
                    break;
                }
                flagged += rows.size();
                List<List<Object>> restricted = restricted(softDelete.table(), key, rows);
                blocked += restricted.size();
                for (List<Object> row : restricted) {
                    if (blockedSample.size() < properties.sampleSize()) {
                        blockedSample.add(row);
                    }
                }
                if (repair) {
                    Set<List<String>> keep = canonical(restricted);
                    List<List<Object>> free = rows.stream().filter(r -> !keep.contains(KeyValues.canonicalAll(r))).toList();
                    long deleted = repairs.deleteWithDependents(softDelete.table(), free);
                    purged += deleted;
                    throttle.changed((int) deleted);
                    log.info("orphan sweep purged {} soft-deleted row(s) of {}: {}", deleted, softDelete.table(), free);
                }
                if (rows.size() < batchSize) {
                    break;
                }
                cursor = rows.get(rows.size() - 1);
            }
            return new SoftDeleteReport(softDelete.table(), softDelete.column(), flagged, blocked, blockedSample, purged,
                    (System.nanoTime() - started) / 1_000_000, null);
        } catch (DataAccessException | MissingPrimaryKeyException e) {
            log.warn("orphan sweep of soft-deleted rows in {} failed: {}", softDelete, e.getMessage());
            return new SoftDeleteReport(softDelete.table(), softDelete.column(), flagged, blocked, blockedSample, purged,
                    (System.nanoTime() - started) / 1_000_000, e.getMessage());
        }
    }

    /** The rows among these that a RESTRICT or NO ACTION relationship's child rows reference. */
    private List<List<Object>> restricted(String table, List<String> key, List<List<Object>> rows) {
        List<List<Object>> restricted = new ArrayList<>();
        for (Relationship relationship : manifest.graph().childrenOf(table)) {
            if (!relationship.onDelete().refuses()) {
                continue;
            }
            List<String> parentColumns = relationship.parent().columns();
            String values = "SELECT " + SqlText.columnList("", key) + ", " + SqlText.columnList("", parentColumns) + " FROM "
                    + SqlText.quote(table) + " WHERE " + SqlText.in("", key, rows.size());
            String exists = "SELECT COUNT(*) FROM (SELECT 1 FROM " + SqlText.quote(relationship.child().table()) + " WHERE "
                    + SqlText.matching(relationship.child().columns()) + " LIMIT 1) x";
            for (OrphanRow row : jdbc.sql(values).params(SqlText.flatten(rows))
                    .query(OrphanRow.mapper(key.size(), parentColumns.size())).list()) {
                boolean referenced = row.references().stream().noneMatch(v -> v == null)
                        && jdbc.sql(exists).params(row.references()).query(Long.class).single() > 0;
                if (referenced && !canonical(restricted).contains(KeyValues.canonicalAll(row.key()))) {
                    restricted.add(row.key());
                }
            }
        }
        return restricted;
    }

    private static Set<List<String>> canonical(List<List<Object>> rows) {
        Set<List<String>> canonical = new HashSet<>();
        rows.forEach(row -> canonical.add(KeyValues.canonicalAll(row)));
        return canonical;
    }
}
