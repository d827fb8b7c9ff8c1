package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.manifest.Manifest;
import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;

/**
 * Bottom-up deletes and SET NULLs driven by the manifest, for the sweep's repairs: children are found
 * by their parents' values, a batch at a time, and finished before the parents go. Stands in until
 * the cascade engine offers the same as a public entry point.
 */
@Component
class ManifestRowRepairs implements RowRepairs {

    private final JdbcClient jdbc;
    private final Manifest manifest;
    private final PrimaryKeys primaryKeys;
    private final int batchSize;

    ManifestRowRepairs(JdbcClient jdbc, Manifest manifest, PrimaryKeys primaryKeys, CleanupProperties properties) {
        this.jdbc = jdbc;
        this.manifest = manifest;
        this.primaryKeys = primaryKeys;
        this.batchSize = properties.batchSize();
    }

    @Override
    public void deleteWithDependents(String table, List<String> key, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        for (Relationship relationship : manifest.graph().childrenOf(table)) {
            if (relationship.onDelete().refuses()) {
                continue; // what a constraint would refuse stays, and shows up as an orphan in the report
            }
            List<List<Object>> referenced = referencedValues(relationship, key, rows);
            if (referenced.isEmpty()) {
                continue;
            }
            List<String> childKey = primaryKeys.of(relationship.child().table());
            List<List<Object>> children;
            while (!(children = children(relationship, childKey, referenced, relationship.isSelfReferencing() ? rows : List.of()))
                    .isEmpty()) {
                if (relationship.onDelete() == ReferentialAction.CASCADE) {
                    deleteWithDependents(relationship.child().table(), childKey, children);
                } else {
                    setNull(relationship, childKey, children);
                }
            }
        }
        jdbc.sql("DELETE FROM " + SweepSql.quote(table) + " WHERE " + SweepSql.in("", key, rows.size()))
                .params(SweepSql.flatten(rows)).update();
    }

    @Override
    public void setNull(Relationship relationship, List<String> key, List<List<Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        String assignments = String.join(", ", relationship.child().columns().stream().map(c -> SweepSql.quote(c) + " = NULL").toList());
        jdbc.sql("UPDATE " + SweepSql.quote(relationship.child().table()) + " SET " + assignments + " WHERE "
                + SweepSql.in("", key, rows.size())).params(SweepSql.flatten(rows)).update();
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

    /** Up to a batch of child rows referencing these values, leaving out {@code excluded} (a self-reference's own rows). */
    private List<List<Object>> children(Relationship relationship, List<String> childKey, List<List<Object>> referenced,
                                        List<List<Object>> excluded) {
        List<Object> params = new ArrayList<>(SweepSql.flatten(referenced));
        String sql = "SELECT " + SweepSql.columns("", childKey) + " FROM " + SweepSql.quote(relationship.child().table())
                + " WHERE " + SweepSql.in("", relationship.child().columns(), referenced.size());
        if (!excluded.isEmpty()) {
            sql += " AND NOT (" + SweepSql.in("", childKey, excluded.size()) + ")";
            params.addAll(SweepSql.flatten(excluded));
        }
        return jdbc.sql(sql + " LIMIT " + batchSize).params(params).query(OrphanRow.mapper(childKey.size(), 0)).list()
                .stream().map(OrphanRow::key).toList();
    }
}
