package dev.ricascade.api.integrity;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.sql.SqlText;

/**
 * A parent row deleted (or its referenced columns changed) is refused where InnoDB would refuse, anywhere in what
 * the change reaches: the rows its ON DELETE CASCADE relationships would delete and the rows its ON UPDATE CASCADE /
 * SET NULL actions would rewrite, and so on down. Refused are a RESTRICT / NO ACTION relationship with rows, a
 * SET NULL (or a cascaded NULL) into a NOT NULL column with rows, and a cascaded update of a table that the same
 * cascade already updates (as InnoDB refuses a self-referencing ON UPDATE CASCADE). Only live rows refuse
 * ({@link LiveRows}). The walk reads the rows a CASCADE reaches only where the {@link RefusalAnalysis} says the
 * change could be refused further down.
 */
final class RefusalWalk {

    private static final int MAX_DEPTH = 64;

    private static final String COUNT_CHILDREN = """
            SELECT COUNT(*) FROM %s WHERE %s""";
    private static final String CHILD_KEYS = """
            SELECT DISTINCT %s FROM %s WHERE %s""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;
    private final NotNullColumns notNull;
    private final LiveRows live;
    private final RefusalAnalysis analysis;

    RefusalWalk(JdbcClient jdbc, RelationshipGraph graph, NotNullColumns notNull, LiveRows live) {
        this.jdbc = jdbc;
        this.graph = graph;
        this.notNull = notNull;
        this.live = live;
        this.analysis = new RefusalAnalysis(graph, notNull::isNotNull);
    }

    /** @param row the row's values of at least every column a relationship references */
    void requireDeletable(String table, Map<String, ?> row) {
        new Change("Deleting " + table + " " + row).deleted(table, row, 0);
    }

    /**
     * @param oldRow  the row's current values of at least every column a relationship references
     * @param changes the new values of the changed columns; those equal to the current value do not count
     */
    void requireUpdatable(String table, Map<String, ?> oldRow, Map<String, ?> changes) {
        Map<String, Object> changed = new LinkedHashMap<>();
        changes.forEach((column, value) -> {
            if (!Objects.equals(value, oldRow.get(column))) {
                changed.put(column, value);
            }
        });
        new Change("Changing " + table + " " + oldRow + " to " + changed).updated(table, oldRow, changed, Set.of(table), 0);
    }

    /**
     * One delete or key change followed down as InnoDB would apply it, bounded in depth. A row reached twice
     * (through two paths) is looked at once.
     */
    private final class Change {

        private final String description;
        private final Set<String> visited = new HashSet<>();

        Change(String description) {
            this.description = description;
        }

        /** The row is deleted: each relationship's ON DELETE action applies to the rows that reference it. */
        void deleted(String table, Map<String, ?> row, int depth) {
            if (depth > MAX_DEPTH || !visited.add("deleted " + table + row)) {
                return;
            }
            for (Relationship relationship : graph.childrenOf(table)) {
                List<Object> values = References.values(row, relationship.parent().columns());
                if (values == null) {
                    continue;
                }
                String child = relationship.child().table();
                switch (relationship.onDelete()) {
                    case RESTRICT, NO_ACTION -> refuseIfReferenced(relationship, values, true);
                    case CASCADE -> {
                        if (analysis.deleteMayBeRefused(child)) {
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
                List<Object> values = References.values(row, relationship.parent().columns());
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
                            ? new NotNullColumnException(description, onDelete, relationship, values, nulledNotNull, blocking)
                            : RestrictedException.updatesTableAgain(description, onDelete, relationship, values, blocking);
                }
                return;
            }
            Set<String> childUpdating = RefusalAnalysis.plus(updating, child);
            if (analysis.updateMayBeRefused(child, childChanges.keySet(), childChanges.containsValue(null), childUpdating)) {
                for (Map<String, Object> childRow : referencing(relationship, values)) {
                    updated(child, childRow, childChanges, childUpdating, depth + 1);
                }
            }
        }

        private void refuseIfReferenced(Relationship relationship, List<Object> values, boolean onDelete) {
            long blocking = countReferencing(relationship, values);
            if (blocking > 0 && live.anyLive(relationship, values)) {
                throw new RestrictedException(description, onDelete, relationship, values, blocking);
            }
        }
    }

    /** The rows that reference these values through the relationship, their columns that relationships reference. */
    private List<Map<String, Object>> referencing(Relationship relationship, List<Object> parentValues) {
        String child = relationship.child().table();
        String sql = CHILD_KEYS.formatted(SqlText.columnList(graph.referencedColumns(child)), SqlText.quote(child),
                SqlText.matching(relationship.child().columns()));
        return jdbc.sql(sql).params(parentValues).query().listOfRows();
    }

    private long countReferencing(Relationship relationship, List<Object> parentValues) {
        String sql = COUNT_CHILDREN.formatted(SqlText.quote(relationship.child().table()),
                SqlText.matching(relationship.child().columns()));
        return jdbc.sql(sql).params(parentValues).query(Long.class).single();
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
}
