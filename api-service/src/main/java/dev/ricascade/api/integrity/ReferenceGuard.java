package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.manifest.ReferentialAction;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * The checks a FOREIGN KEY constraint would have made at write time, generic from the manifest.
 * Each runs inside the caller's transaction, which must also do the write, so that the rows checked
 * stay as checked until it commits:
 * <ul>
 * <li>a child row written (inserted or re-pointed) must reference a <em>live</em> parent: one that exists
 * and none of whose CASCADE ancestors is gone. Parent and ancestors are locked for share, so a
 * concurrent delete of any of them waits for this transaction, or this one sees it committed.</li>
 * <li>a parent row deleted (or its referenced columns changed) must not be referenced through a
 * RESTRICT / NO ACTION relationship, anywhere in the subtree its CASCADE relationships would delete.
 * The caller locks the parent row for update first, so that inserters of new children wait.</li>
 * </ul>
 * Identifiers come from the manifest only; values are bound.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class ReferenceGuard {

    private static final int MAX_DEPTH = 64;

    private static final String LOCK_PARENT = """
            SELECT %s FROM %s WHERE %s LIMIT 1 LOCK IN SHARE MODE""";
    private static final String COUNT_CHILDREN = """
            SELECT COUNT(*) FROM %s WHERE %s""";
    private static final String CHILD_KEYS = """
            SELECT DISTINCT %s FROM %s WHERE %s""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final Map<String, Boolean> subtreeRefuses = new ConcurrentHashMap<>();

    ReferenceGuard(JdbcClient jdbc, RelationshipGraph graph) {
        this.jdbc = jdbc;
        this.graph = graph;
    }

    /**
     * @param childTable the table written to
     * @param row        the written row's values, at least of every column it references a parent with;
     *                   a column absent or NULL references nothing (as with MATCH SIMPLE)
     * @throws MissingParentException naming the relationship whose parent is missing or not live
     */
    public void requireLiveParents(String childTable, Map<String, ?> row) {
        requireLiveParents(childTable, row, row.keySet());
    }

    /**
     * For a row being re-pointed: checks only the relationships some of whose child columns change.
     *
     * @param row     the row as it will be, at least its values of every column it references a parent with
     * @param changed the columns that change
     */
    public void requireLiveParents(String childTable, Map<String, ?> row, Set<String> changed) {
        for (Relationship relationship : graph.parentsOf(childTable)) {
            if (relationship.child().columns().stream().noneMatch(changed::contains)) {
                continue;
            }
            List<Object> values = values(row, relationship.child().columns());
            if (values != null) {
                requireLive(relationship, values, relationship, values, 0);
            }
        }
    }

    /**
     * @param table the parent table, whose row the caller has locked for update
     * @param row   the row's values of at least every column a relationship references
     * @throws RestrictedException naming the relationship that refuses and how many rows block
     */
    public void requireDeletable(String table, Map<String, ?> row) {
        checkSubtree(table, row, new HashSet<>(), 0, "Deleting " + table + " " + row);
    }

    /**
     * @param table   the parent table, whose row the caller has locked for update
     * @param oldRow  the row's current values of at least every column a relationship references
     * @param changes the new values of the changed columns
     * @throws RestrictedException when an ON UPDATE RESTRICT / NO ACTION relationship is referenced
     */
    public void requireUpdatable(String table, Map<String, ?> oldRow, Map<String, ?> changes) {
        for (Relationship relationship : graph.childrenOf(table)) {
            if (!relationship.onUpdate().refuses() || !changes(relationship.parent().columns(), oldRow, changes)) {
                continue;
            }
            List<Object> values = values(oldRow, relationship.parent().columns());
            long blocking = values == null ? 0 : countChildren(relationship, values);
            if (blocking > 0) {
                throw new RestrictedException("Changing " + relationship.parent() + " of " + table + " " + oldRow, false,
                        relationship, values, blocking);
            }
        }
    }

    private void requireLive(Relationship relationship, List<Object> values, Relationship origin, List<Object> originValues,
                             int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("the CASCADE ancestors of " + origin.child() + " = " + originValues
                    + " are more than " + MAX_DEPTH + " levels deep; is there a cycle in the data?");
        }
        String parent = relationship.parent().table();
        List<Relationship> cascadesFromAbove = graph.parentsOf(parent).stream()
                .filter(r -> r.onDelete() == ReferentialAction.CASCADE).toList();
        Set<String> needed = new LinkedHashSet<>(relationship.parent().columns());
        cascadesFromAbove.forEach(r -> needed.addAll(r.child().columns()));
        String sql = LOCK_PARENT.formatted(Sql.columnList(List.copyOf(needed)), Sql.quote(parent),
                Sql.matching(relationship.parent().columns(), "p"));
        List<Map<String, Object>> found = jdbc.sql(sql).params(params("p", values)).query().listOfRows();
        if (found.isEmpty()) {
            throw new MissingParentException(origin, originValues, relationship, values);
        }
        for (Relationship above : cascadesFromAbove) {
            List<Object> aboveValues = values(found.get(0), above.child().columns());
            if (aboveValues != null && !(above.isSelfReferencing() && aboveValues.equals(values))) {
                requireLive(above, aboveValues, origin, originValues, depth + 1);
            }
        }
    }

    private void checkSubtree(String table, Map<String, ?> row, Set<String> visited, int depth, String change) {
        if (depth > MAX_DEPTH || !visited.add(table + row)) {
            return;
        }
        for (Relationship relationship : graph.childrenOf(table)) {
            List<Object> values = values(row, relationship.parent().columns());
            if (values == null) {
                continue;
            }
            if (relationship.onDelete().refuses()) {
                long blocking = countChildren(relationship, values);
                if (blocking > 0) {
                    throw new RestrictedException(change, true, relationship, values, blocking);
                }
            } else if (relationship.onDelete() == ReferentialAction.CASCADE && subtreeRefuses(relationship.child().table())) {
                String child = relationship.child().table();
                String sql = CHILD_KEYS.formatted(Sql.columnList(graph.referencedColumns(child)), Sql.quote(child),
                        Sql.matching(relationship.child().columns(), "p"));
                for (Map<String, Object> childRow : jdbc.sql(sql).params(params("p", values)).query().listOfRows()) {
                    checkSubtree(child, childRow, visited, depth + 1, change);
                }
            }
        }
    }

    /** Whether a delete in this table could be refused: a RESTRICT / NO ACTION relationship below it through CASCADE. */
    private boolean subtreeRefuses(String table) {
        Boolean known = subtreeRefuses.get(table);
        if (known != null) {
            return known;
        }
        boolean refuses = subtreeRefuses(table, new HashSet<>());
        subtreeRefuses.put(table, refuses);
        return refuses;
    }

    private boolean subtreeRefuses(String table, Set<String> visiting) {
        if (!visiting.add(table)) {
            return false;
        }
        for (Relationship relationship : graph.childrenOf(table)) {
            if (relationship.onDelete().refuses()
                    || relationship.onDelete() == ReferentialAction.CASCADE && subtreeRefuses(relationship.child().table(), visiting)) {
                return true;
            }
        }
        return false;
    }

    private long countChildren(Relationship relationship, List<Object> parentValues) {
        String sql = COUNT_CHILDREN.formatted(Sql.quote(relationship.child().table()),
                Sql.matching(relationship.child().columns(), "p"));
        return jdbc.sql(sql).params(params("p", parentValues)).query(Long.class).single();
    }

    private static boolean changes(List<String> columns, Map<String, ?> oldRow, Map<String, ?> changes) {
        return columns.stream().anyMatch(c -> changes.containsKey(c) && !Objects.equals(changes.get(c), oldRow.get(c)));
    }

    /** The row's values of these columns, or null when one is absent or NULL: such a reference matches nothing. */
    static List<Object> values(Map<String, ?> row, List<String> columns) {
        List<Object> values = new ArrayList<>(columns.size());
        for (String column : columns) {
            Object value = row.get(column);
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
    }

    static Map<String, Object> params(String prefix, List<Object> values) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            params.put(prefix + i, values.get(i));
        }
        return params;
    }
}
