package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.sql.SqlText;

/**
 * Which children a RESTRICT / NO ACTION relationship really protects: the live ones, whose CASCADE ancestors all
 * still exist. A child whose ancestor is gone belongs to another pending cascade that will delete it (InnoDB has
 * already), so it keeps nothing and is no violation: an item may go once the only lines that use it belong to
 * orders of a deleted customer. Rows are read a batch at a time in primary-key order; ancestors are looked up
 * by value, the database comparing.
 */
final class LiveChildren {

    /** Ancestors further up than this are not followed, and the row counts as live: a violation errs on InnoDB's side. */
    private static final int MAX_DEPTH = 64;
    private static final int BATCH = 500;

    /** The parent values (by position) that live children reference, and how many such children there are. */
    record Live(Set<Integer> parents, long children) {
    }

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final SchemaCatalog catalog;

    LiveChildren(JdbcClient jdbc, RelationshipGraph graph, SchemaCatalog catalog) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.catalog = catalog;
    }

    /** Whether rows of this table can be dead at all: only if something above them cascades its deletes. */
    boolean canBeDead(String table) {
        return !graph.cascadingParentsOf(table).isEmpty();
    }

    /** The live children of the relationship that reference these parent values. */
    Live among(Relationship relationship, List<List<Object>> parents) {
        String table = relationship.child().table();
        List<String> key = catalog.primaryKey(table);
        Set<String> columns = new LinkedHashSet<>(key);
        columns.addAll(graph.cascadingReferenceColumns(table));
        List<String> selected = List.copyOf(columns);
        Set<Integer> live = new HashSet<>();
        long children = 0;
        List<Object> cursor = null;
        while (true) {
            List<Object> params = new ArrayList<>(SqlText.flatten(parents));
            params.addAll(SqlText.flatten(parents));
            String sql = "SELECT " + SqlText.columnList(selected) + ", " + SqlText.matchIndex(relationship.child().columns(),
                    parents.size()) + " FROM " + SqlText.quote(table) + " WHERE "
                    + SqlText.in(relationship.child().columns(), parents.size());
            if (cursor != null) {
                sql += " AND " + SqlText.after(key);
                params.addAll(SqlText.afterParams(cursor));
            }
            List<ChildRow> rows = jdbc.sql(sql + " ORDER BY " + SqlText.columnList(key) + " LIMIT " + BATCH).params(params)
                    .query((rs, i) -> {
                        List<Object> values = new ArrayList<>(selected.size());
                        for (int c = 1; c <= selected.size(); c++) {
                            values.add(rs.getObject(c));
                        }
                        return new ChildRow(values, rs.getInt(selected.size() + 1));
                    }).list();
            for (ChildRow row : rows) {
                if (isLive(table, selected, row.values(), relationship, 0)) {
                    live.add(row.match());
                    children++;
                }
            }
            if (rows.size() < BATCH) {
                return new Live(live, children);
            }
            cursor = new ArrayList<>(rows.get(rows.size() - 1).values().subList(0, key.size()));
        }
    }

    /** @param changed the relationship whose parent changed: its parent is gone or re-keyed, which is not this row's death */
    private boolean isLive(String table, List<String> columns, List<Object> row, Relationship changed, int depth) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        for (Relationship above : graph.cascadingParentsOf(table)) {
            if (above.equals(changed)) {
                continue;
            }
            List<Object> values = new ArrayList<>();
            above.child().columns().forEach(c -> values.add(row.get(columns.indexOf(c))));
            if (values.contains(null)) {
                continue; // a NULL reference has no parent to lose
            }
            String parent = above.parent().table();
            Set<String> needed = new LinkedHashSet<>(above.parent().columns());
            needed.addAll(graph.cascadingReferenceColumns(parent));
            List<String> parentColumns = List.copyOf(needed);
            List<List<Object>> found = jdbc.sql("SELECT " + SqlText.columnList(parentColumns) + " FROM " + SqlText.quote(parent)
                    + " WHERE " + SqlText.matching(above.parent().columns()) + " LIMIT 1").params(values).query((rs, i) -> {
                        List<Object> parentRow = new ArrayList<>(parentColumns.size());
                        for (int c = 1; c <= parentColumns.size(); c++) {
                            parentRow.add(rs.getObject(c));
                        }
                        return parentRow;
                    }).list();
            if (found.isEmpty() || !isLive(parent, parentColumns, found.get(0), null, depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
