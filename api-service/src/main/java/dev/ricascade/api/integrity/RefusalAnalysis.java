package dev.ricascade.api.integrity;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * Which changes could be refused whatever the data, from the manifest and the NOT NULL columns alone: only where
 * one could does the {@link RefusalWalk} read the rows a CASCADE would delete or rewrite. Reads no rows; answers
 * are cached per table (deletes) and per shape of cascaded update.
 * <p>
 * May be refused: a RESTRICT / NO ACTION relationship reached, a SET NULL (or a cascaded NULL) into a NOT NULL
 * column, a cascaded update of a table the same cascade already updates.
 */
final class RefusalAnalysis {

    /** Whether a column is declared NOT NULL: {@code (table, column) -> boolean}. */
    @FunctionalInterface
    interface NotNull {
        boolean isNotNull(String table, String column);
    }

    private final RelationshipGraph graph;
    private final NotNull notNull;
    private final Map<String, Boolean> deleteMayBeRefused = new ConcurrentHashMap<>();
    private final Map<UpdateShape, Boolean> updateMayBeRefused = new ConcurrentHashMap<>();

    RefusalAnalysis(RelationshipGraph graph, NotNull notNull) {
        this.graph = graph;
        this.notNull = notNull;
    }

    /** Whether deleting a row of this table could be refused, whatever the data. */
    boolean deleteMayBeRefused(String table) {
        Boolean known = deleteMayBeRefused.get(table);
        if (known == null) {
            known = deleteMayBeRefused(table, new HashSet<>());
            deleteMayBeRefused.put(table, known);
        }
        return known;
    }

    /**
     * Whether changing these columns of a row of this table could be refused, whatever the rest of the data.
     *
     * @param nulls    whether the change sets one of them to NULL
     * @param updating the tables the cascade updates so far, this one included
     */
    boolean updateMayBeRefused(String table, Set<String> columns, boolean nulls, Set<String> updating) {
        UpdateShape shape = new UpdateShape(table, Set.copyOf(columns), nulls, Set.copyOf(updating));
        Boolean known = updateMayBeRefused.get(shape);
        if (known == null) {
            known = analyseUpdate(shape.table(), shape.columns(), shape.nulls(), shape.updating());
            updateMayBeRefused.put(shape, known);
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
                // a SET NULL is an update of the child rows; deletes do not count as updates of their table
                case SET_NULL -> rewriteMayBeRefused(relationship, relationship.child().columns(), true, Set.of());
            };
            if (may) {
                return true;
            }
        }
        return false;
    }

    /** Ends: each step adds a table to updating, and a table already in it refuses rather than recursing. */
    private boolean analyseUpdate(String table, Set<String> columns, boolean nulls, Set<String> updating) {
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
                || analyseUpdate(child, Set.copyOf(childColumns), nulls, plus(updating, child));
    }

    /** The tables a cascade updates, with one more. */
    static Set<String> plus(Set<String> tables, String table) {
        Set<String> more = new HashSet<>(tables);
        more.add(table);
        return Set.copyOf(more);
    }

    /** A cascaded update as far as whether it may be refused depends on it. */
    private record UpdateShape(String table, Set<String> columns, boolean nulls, Set<String> updating) {
    }
}
