package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * <li>a parent row deleted (or its referenced columns changed) is refused where InnoDB would refuse, anywhere
 * in what the change reaches: the rows its ON DELETE CASCADE relationships would delete and the rows its
 * ON UPDATE CASCADE / SET NULL actions would rewrite, and so on down. Refused are a RESTRICT / NO ACTION
 * relationship with rows, a SET NULL (or a cascaded NULL) into a NOT NULL column with rows, and a cascaded
 * update of a table that the same cascade already updates (as InnoDB refuses a self-referencing ON UPDATE
 * CASCADE). Only live rows refuse: a row whose CASCADE ancestor is gone belongs to a pending cascade, and
 * InnoDB would have deleted it already ({@link LiveRows}). The caller locks the parent row for update first, so
 * that inserters of new children wait.</li>
 * </ul>
 * Identifiers come from the manifest only; values are bound. Which columns are NOT NULL comes from the schema.
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
    private final NotNullColumns notNull;
    private final LiveRows live;
    private final Map<String, Boolean> deleteMayBeRefused = new ConcurrentHashMap<>();
    private final Map<UpdateShape, Boolean> updateMayBeRefused = new ConcurrentHashMap<>();

    ReferenceGuard(JdbcClient jdbc, RelationshipGraph graph, NotNullColumns notNull, LiveRows live) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.notNull = notNull;
        this.live = live;
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
     *                             ({@link NotNullColumnException} when it is a SET NULL into a NOT NULL column)
     */
    public void requireDeletable(String table, Map<String, ?> row) {
        new Walk("Deleting " + table + " " + row).deleted(table, row, 0);
    }

    /**
     * @param table   the parent table, whose row the caller has locked for update
     * @param oldRow  the row's current values of at least every column a relationship references
     * @param changes the new values of the changed columns
     * @throws RestrictedException naming the relationship that refuses and how many rows block
     *                             ({@link NotNullColumnException} when it is a SET NULL into a NOT NULL column)
     */
    public void requireUpdatable(String table, Map<String, ?> oldRow, Map<String, ?> changes) {
        Map<String, Object> changed = new LinkedHashMap<>();
        changes.forEach((column, value) -> {
            if (!Objects.equals(value, oldRow.get(column))) {
                changed.put(column, value);
            }
        });
        new Walk("Changing " + table + " " + oldRow + " to " + changed).updated(table, oldRow, changed, Set.of(table), 0);
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

    /**
     * One delete or key change followed down as InnoDB would apply it, bounded in depth. A row reached twice
     * (through two paths) is looked at once.
     */
    private final class Walk {

        private final String change;
        private final Set<String> visited = new HashSet<>();

        Walk(String change) {
            this.change = change;
        }

        /** The row is deleted: each relationship's ON DELETE action applies to the rows that reference it. */
        void deleted(String table, Map<String, ?> row, int depth) {
            if (depth > MAX_DEPTH || !visited.add("deleted " + table + row)) {
                return;
            }
            for (Relationship relationship : graph.childrenOf(table)) {
                List<Object> values = values(row, relationship.parent().columns());
                if (values == null) {
                    continue;
                }
                String child = relationship.child().table();
                switch (relationship.onDelete()) {
                    case RESTRICT, NO_ACTION -> refuseIfReferenced(relationship, values, true);
                    case CASCADE -> {
                        if (deleteMayBeRefused(child)) {
                            for (Map<String, Object> childRow : referencing(relationship, values)) {
                                deleted(child, childRow, depth + 1);
                            }
                        }
                    }
                    // a SET NULL is an update of the child rows; deletes do not count as updates of their table
                    case SET_NULL -> rewritten(relationship, values, true, nulls(relationship), Set.of(), depth);
                }
            }
        }

        /**
         * The row's columns change (changes holds only those that really change): each relationship that
         * references a changed column applies its ON UPDATE action to the rows that reference the row.
         *
         * @param updating the tables this cascade updates so far, this one included
         */
        void updated(String table, Map<String, ?> row, Map<String, Object> changes, Set<String> updating, int depth) {
            if (depth > MAX_DEPTH || !visited.add("updated " + table + row + changes.keySet())) {
                return;
            }
            for (Relationship relationship : graph.childrenOf(table)) {
                if (relationship.parent().columns().stream().noneMatch(changes::containsKey)) {
                    continue;
                }
                List<Object> values = values(row, relationship.parent().columns());
                if (values == null) {
                    continue;
                }
                switch (relationship.onUpdate()) {
                    case RESTRICT, NO_ACTION -> refuseIfReferenced(relationship, values, false);
                    case CASCADE -> rewritten(relationship, values, false, cascaded(relationship, changes), updating, depth);
                    case SET_NULL -> rewritten(relationship, values, false, nulls(relationship), updating, depth);
                }
            }
        }

        /** The rows that reference values through the relationship get childChanges written: an update of them. */
        private void rewritten(Relationship relationship, List<Object> values, boolean onDelete,
                               Map<String, Object> childChanges, Set<String> updating, int depth) {
            String child = relationship.child().table();
            String nulledNotNull = childChanges.entrySet().stream()
                    .filter(e -> e.getValue() == null && notNull.isNotNull(child, e.getKey()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (nulledNotNull != null || updating.contains(child)) {
                long blocking = countReferencing(relationship, values);
                if (blocking > 0 && live.anyLive(relationship, values)) {
                    throw nulledNotNull != null
                            ? new NotNullColumnException(change, onDelete, relationship, values, nulledNotNull, blocking)
                            : RestrictedException.updatesTableAgain(change, onDelete, relationship, values, blocking);
                }
                return;
            }
            Set<String> childUpdating = with(updating, child);
            if (updateMayBeRefused(child, childChanges, childUpdating)) {
                for (Map<String, Object> childRow : referencing(relationship, values)) {
                    updated(child, childRow, childChanges, childUpdating, depth + 1);
                }
            }
        }

        private void refuseIfReferenced(Relationship relationship, List<Object> values, boolean onDelete) {
            long blocking = countReferencing(relationship, values);
            if (blocking > 0 && live.anyLive(relationship, values)) {
                throw new RestrictedException(change, onDelete, relationship, values, blocking);
            }
        }
    }

    /**
     * Whether deleting a row of this table could be refused, whatever the data: only then does a CASCADE that
     * reaches it read the rows it would delete.
     */
    private boolean deleteMayBeRefused(String table) {
        Boolean known = deleteMayBeRefused.get(table);
        if (known == null) {
            known = deleteMayBeRefused(table, new HashSet<>());
            deleteMayBeRefused.put(table, known);
        }
        return known;
    }

    private boolean deleteMayBeRefused(String table, Set<String> visiting) {
        if (!visiting.add(table)) {
            return false;
        }
        for (Relationship relationship : graph.childrenOf(table)) {
            boolean may = switch (relationship.onDelete()) {
                case RESTRICT, NO_ACTION -> true;
                case CASCADE -> deleteMayBeRefused(relationship.child().table(), visiting);
                case SET_NULL -> rewriteMayBeRefused(relationship, relationship.child().columns(), true, Set.of());
            };
            if (may) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether changing these columns of a row of this table could be refused, whatever the rest of the data:
     * only then does a cascaded update that reaches it read the rows it would rewrite.
     */
    private boolean updateMayBeRefused(String table, Map<String, Object> changes, Set<String> updating) {
        UpdateShape shape = new UpdateShape(table, Set.copyOf(changes.keySet()), changes.containsValue(null),
                Set.copyOf(updating));
        Boolean known = updateMayBeRefused.get(shape);
        if (known == null) {
            known = updateMayBeRefused(shape.table(), shape.columns(), shape.nulls(), shape.updating());
            updateMayBeRefused.put(shape, known);
        }
        return known;
    }

    /** Ends: each step adds a table to updating, and a table already in it refuses rather than recursing. */
    private boolean updateMayBeRefused(String table, Set<String> columns, boolean nulls, Set<String> updating) {
        for (Relationship relationship : graph.childrenOf(table)) {
            List<String> parentColumns = relationship.parent().columns();
            Set<String> rewritten = new LinkedHashSet<>();
            for (int i = 0; i < parentColumns.size(); i++) {
                if (columns.contains(parentColumns.get(i))) {
                    rewritten.add(relationship.child().columns().get(i));
                }
            }
            if (rewritten.isEmpty()) {
                continue;
            }
            boolean may = switch (relationship.onUpdate()) {
                case RESTRICT, NO_ACTION -> true;
                case CASCADE -> rewriteMayBeRefused(relationship, rewritten, nulls, updating);
                case SET_NULL -> rewriteMayBeRefused(relationship, relationship.child().columns(), true, updating);
            };
            if (may) {
                return true;
            }
        }
        return false;
    }

    private boolean rewriteMayBeRefused(Relationship relationship, Collection<String> childColumns, boolean nulls,
                                        Set<String> updating) {
        String child = relationship.child().table();
        return updating.contains(child)
                || nulls && childColumns.stream().anyMatch(column -> notNull.isNotNull(child, column))
                || updateMayBeRefused(child, Set.copyOf(childColumns), nulls, with(updating, child));
    }

    /** A cascaded update as far as whether it may be refused depends on it. */
    private record UpdateShape(String table, Set<String> columns, boolean nulls, Set<String> updating) {
    }

    /** The rows that reference these values through the relationship, their columns that relationships reference. */
    private List<Map<String, Object>> referencing(Relationship relationship, List<Object> parentValues) {
        String child = relationship.child().table();
        String sql = CHILD_KEYS.formatted(Sql.columnList(graph.referencedColumns(child)), Sql.quote(child),
                Sql.matching(relationship.child().columns(), "p"));
        return jdbc.sql(sql).params(params("p", parentValues)).query().listOfRows();
    }

    private long countReferencing(Relationship relationship, List<Object> parentValues) {
        String sql = COUNT_CHILDREN.formatted(Sql.quote(relationship.child().table()),
                Sql.matching(relationship.child().columns(), "p"));
        return jdbc.sql(sql).params(params("p", parentValues)).query(Long.class).single();
    }

    /** ON UPDATE CASCADE: each child column takes the new value of the parent column it references, where that changes. */
    private static Map<String, Object> cascaded(Relationship relationship, Map<String, Object> parentChanges) {
        Map<String, Object> childChanges = new LinkedHashMap<>();
        List<String> parentColumns = relationship.parent().columns();
        for (int i = 0; i < parentColumns.size(); i++) {
            if (parentChanges.containsKey(parentColumns.get(i))) {
                childChanges.put(relationship.child().columns().get(i), parentChanges.get(parentColumns.get(i)));
            }
        }
        return childChanges;
    }

    /** SET NULL: every child column of the relationship becomes NULL. */
    private static Map<String, Object> nulls(Relationship relationship) {
        Map<String, Object> childChanges = new LinkedHashMap<>();
        relationship.child().columns().forEach(column -> childChanges.put(column, null));
        return childChanges;
    }

    private static Set<String> with(Set<String> tables, String table) {
        Set<String> more = new HashSet<>(tables);
        more.add(table);
        return Set.copyOf(more);
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
