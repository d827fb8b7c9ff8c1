package dev.ricascade.cleanup.sweep;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;

/**
 * Orphans found without joining two tables: a chunk of child rows in primary-key order, then their
 * parents by IN list, for databases where parent and child may live on different shards (Vitess).
 */
@Component
class KeysetScan implements OrphanScan {

    private final JdbcClient jdbc;
    private final ParentLookup parents;

    KeysetScan(JdbcClient jdbc, ParentLookup parents) {
        this.jdbc = jdbc;
        this.parents = parents;
    }

    @Override
    public void scan(Relationship relationship, List<String> childKey, int chunk, Consumer<List<OrphanRow>> orphans) {
        String select = "SELECT " + SqlText.columnList("", childKey) + ", " + SqlText.columnList("", relationship.child().columns())
                + " FROM " + SqlText.quote(relationship.child().table());
        String order = " ORDER BY " + SqlText.columnList("", childKey) + " LIMIT " + chunk;
        List<Object> cursor = null;
        while (true) {
            List<OrphanRow> rows = cursor == null
                    ? jdbc.sql(select + order).query(OrphanRow.mapper(childKey.size(), relationship.child().columns().size())).list()
                    : jdbc.sql(select + " WHERE " + SqlText.after("", childKey) + order).params(SqlText.afterParams(cursor))
                            .query(OrphanRow.mapper(childKey.size(), relationship.child().columns().size())).list();
            if (rows.isEmpty()) {
                return;
            }
            orphans.accept(orphansAmong(relationship, rows, parents));
            if (rows.size() < chunk) {
                return;
            }
            cursor = rows.get(rows.size() - 1).key();
        }
    }

    /** The rows whose child columns are all non-NULL and name no parent row. */
    static List<OrphanRow> orphansAmong(Relationship relationship, List<OrphanRow> rows, ParentLookup parents) {
        Set<List<String>> missing = new HashSet<>();
        for (List<Object> tuple : parents.missing(relationship.parent(), ParentLookup.distinctReferences(rows))) {
            missing.add(KeyValues.canonicalAll(tuple));
        }
        return rows.stream()
                .filter(row -> row.references().stream().noneMatch(v -> v == null))
                .filter(row -> missing.contains(KeyValues.canonicalAll(row.references())))
                .toList();
    }
}
