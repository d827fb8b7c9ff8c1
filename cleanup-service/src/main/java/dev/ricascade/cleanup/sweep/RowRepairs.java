package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.cascade.CascadeEngine;
import dev.ricascade.cleanup.cascade.CascadeProgress;
import dev.ricascade.cleanup.cascade.CascadeReport;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.Relationship;

/**
 * The changes a repair makes, done by the cascade engine exactly as for an event: bottom-up, in batches
 * of {@code ricascade.batch-size}, applying the manifest's actions to whatever lies beneath.
 */
@Component
class RowRepairs {

    private final CascadeEngine engine;
    private final JdbcClient jdbc;
    private final Manifest manifest;

    RowRepairs(CascadeEngine engine, JdbcClient jdbc, Manifest manifest) {
        this.engine = engine;
        this.jdbc = jdbc;
        this.manifest = manifest;
    }

    /**
     * Applies the relationship's ON DELETE action to the children that reference these values, whose
     * parents are gone: CASCADE deletes them (and first what depends on them), SET NULL clears them.
     *
     * @return what the engine did, beneath included
     */
    CascadeReport parentsGone(Relationship relationship, List<List<Object>> parentValues) {
        return engine.applyOnDelete(relationship, parentValues, CascadeProgress.NONE);
    }

    /**
     * Deletes these rows as InnoDB would: first each relationship's ON DELETE action applied to their
     * children, then the rows themselves, except those a RESTRICT child somewhere beneath still holds.
     *
     * @param key  the table's primary key columns
     * @param rows primary key values, at most a batch of them
     * @return rows deleted
     */
    long deleteWithDependents(String table, List<String> key, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        boolean violations = false;
        for (Relationship relationship : manifest.graph().childrenOf(table)) {
            List<List<Object>> values = referencedValues(relationship, key, rows);
            if (!values.isEmpty()) {
                violations |= !engine.applyOnDelete(relationship, values, CascadeProgress.NONE).violations().isEmpty();
            }
        }
        List<List<Object>> deletable = violations ? unreferenced(table, key, rows) : rows;
        if (deletable.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM " + SweepSql.quote(table) + " WHERE " + SweepSql.in("", key, deletable.size()))
                .params(SweepSql.flatten(deletable)).update();
    }

    /** The distinct non-NULL values of the relationship's parent columns in these rows. */
    private List<List<Object>> referencedValues(Relationship relationship, List<String> key, List<List<Object>> rows) {
        String sql = "SELECT " + SweepSql.columns("", relationship.parent().columns()) + " FROM "
                + SweepSql.quote(relationship.parent().table()) + " WHERE " + SweepSql.in("", key, rows.size());
        Map<List<String>, List<Object>> distinct = new LinkedHashMap<>();
        for (OrphanRow row : jdbc.sql(sql).params(SweepSql.flatten(rows))
                .query(OrphanRow.mapper(0, relationship.parent().columns().size())).list()) {
            if (row.references().stream().noneMatch(v -> v == null)) {
                distinct.putIfAbsent(KeyValues.canonicalAll(row.references()), row.references());
            }
        }
        return List.copyOf(distinct.values());
    }

    /** The rows that no child row references any more, through any relationship (the engine kept some). */
    private List<List<Object>> unreferenced(String table, List<String> key, List<List<Object>> rows) {
        List<List<Object>> free = new ArrayList<>();
        for (List<Object> row : rows) {
            boolean referenced = false;
            for (Relationship relationship : manifest.graph().childrenOf(table)) {
                for (List<Object> values : referencedValues(relationship, key, List.of(row))) {
                    referenced |= childExists(relationship, values, relationship.isSelfReferencing() ? row : null, key);
                }
            }
            if (!referenced) {
                free.add(row);
            }
        }
        return free;
    }

    /** Whether a child row references these values, not counting {@code self} (a row referencing itself). */
    private boolean childExists(Relationship relationship, List<Object> values, List<Object> self, List<String> key) {
        List<Object> params = new ArrayList<>(values);
        String sql = "SELECT COUNT(*) FROM (SELECT 1 FROM " + SweepSql.quote(relationship.child().table()) + " WHERE "
                + SweepSql.equal(relationship.child().columns());
        if (self != null) {
            sql += " AND NOT (" + SweepSql.equal(key) + ")";
            params.addAll(self);
        }
        return jdbc.sql(sql + " LIMIT 1) x").params(params).query(Long.class).single() > 0;
    }
}
