package dev.ricascade.api.integrity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.sql.SqlText;

/**
 * Which rows InnoDB would still have: a row is live only if every CASCADE ancestor exists (the notion
 * {@link ReferenceGuard#requireLiveParents} checks with locks). A row whose ancestor is gone belongs to a pending
 * cascade that will delete it, so it cannot make InnoDB refuse anything. Reads take no locks: a row found dead
 * stays dead (its ancestor's value is not handed out again until the cascade is done, see {@link FreedValues}),
 * and one found live at worst makes the caller refuse what a moment later it would allow.
 */
@Component
class LiveRows {

    private static final int BATCH = 100;
    /** Deeper than this the ancestors are not followed, and the row counts as live: a refusal errs on InnoDB's side. */
    private static final int MAX_DEPTH = 64;

    private static final String REFERENCING = """
            SELECT %s FROM %s WHERE %s ORDER BY %s LIMIT %d OFFSET ?""";
    private static final String PARENT = """
            SELECT %s FROM %s WHERE %s LIMIT 1""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final TableKeys keys;

    LiveRows(JdbcClient jdbc, RelationshipGraph graph, TableKeys keys) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.keys = keys;
    }

    /**
     * Whether at least one row that references these values through the relationship is live. Reads the rows
     * {@value #BATCH} at a time in primary-key order and stops at the first live one.
     */
    boolean anyLive(Relationship relationship, List<Object> parentValues) {
        String child = relationship.child().table();
        if (graph.cascadingParentsOf(child).isEmpty()) {
            return true; // nothing above could be gone: every row that references the values is live
        }
        List<String> order = keys.primaryKey(child);
        Set<String> columns = new LinkedHashSet<>(order);
        columns.addAll(graph.cascadingReferenceColumns(child));
        String sql = REFERENCING.formatted(SqlText.columnList(List.copyOf(columns)), SqlText.quote(child),
                SqlText.matching(relationship.child().columns()), SqlText.columnList(order), BATCH);
        for (int offset = 0; ; offset += BATCH) {
            List<Map<String, Object>> rows = jdbc.sql(sql).params(parentValues).param(offset)
                    .query().listOfRows();
            for (Map<String, Object> row : rows) {
                if (isLive(child, row, 0)) {
                    return true;
                }
            }
            if (rows.size() < BATCH) {
                return false;
            }
        }
    }

    /** @param row the row's values of at least the child columns of its CASCADE relationships */
    boolean isLive(String table, Map<String, ?> row, int depth) {
        if (depth > MAX_DEPTH) {
            return true;
        }
        for (Relationship above : graph.cascadingParentsOf(table)) {
            List<Object> values = References.values(row, above.child().columns());
            if (values == null) {
                continue; // a NULL reference has no parent to lose
            }
            String parent = above.parent().table();
            Set<String> needed = new LinkedHashSet<>(above.parent().columns());
            needed.addAll(graph.cascadingReferenceColumns(parent));
            List<Map<String, Object>> found = jdbc.sql(PARENT.formatted(SqlText.columnList(List.copyOf(needed)),
                            SqlText.quote(parent), SqlText.matching(above.parent().columns())))
                    .params(values).query().listOfRows();
            if (found.isEmpty() || !isLive(parent, found.get(0), depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
