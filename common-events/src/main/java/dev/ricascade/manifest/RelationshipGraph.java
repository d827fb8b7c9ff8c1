package dev.ricascade.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The manifest's relationships as a graph of tables: who references whom, and whether that loops. */
public final class RelationshipGraph {

    private final List<Relationship> relationships;
    private final Map<String, List<Relationship>> byParent = new LinkedHashMap<>();
    private final Map<String, List<Relationship>> byChild = new LinkedHashMap<>();
    /** {@link #deleteMayBeRefusedBeneath} by table: the graph never changes, and a cascade asks at every batch. */
    private final Map<String, Boolean> refusedBeneath = new ConcurrentHashMap<>();

    RelationshipGraph(List<Relationship> relationships) {
        this.relationships = List.copyOf(relationships);
        for (Relationship relationship : relationships) {
            byParent.computeIfAbsent(relationship.parent().table(), t -> new ArrayList<>()).add(relationship);
            byChild.computeIfAbsent(relationship.child().table(), t -> new ArrayList<>()).add(relationship);
        }
    }

    /** The relationships in which this table is the parent, in manifest order. */
    public List<Relationship> childrenOf(String table) {
        return List.copyOf(byParent.getOrDefault(table, List.of()));
    }

    /** The relationships in which this table is the child, in manifest order. */
    public List<Relationship> parentsOf(String table) {
        return List.copyOf(byChild.getOrDefault(table, List.of()));
    }

    /** Every table the manifest names, parents first where the graph allows it. */
    public Set<String> tables() {
        Set<String> tables = new LinkedHashSet<>();
        for (Relationship relationship : relationships) {
            tables.add(relationship.parent().table());
            tables.add(relationship.child().table());
        }
        return tables;
    }

    /** The columns of this table that some relationship references as a parent, in first-seen order. */
    public List<String> referencedColumns(String table) {
        Set<String> columns = new LinkedHashSet<>();
        childrenOf(table).forEach(r -> columns.addAll(r.parent().columns()));
        return List.copyOf(columns);
    }

    /**
     * The relationships through which this table's rows are deleted with their parent (ON DELETE CASCADE), in
     * manifest order: a row whose parent through one of them is gone is waiting for a cascade to delete it.
     */
    public List<Relationship> cascadingParentsOf(String table) {
        return parentsOf(table).stream().filter(r -> r.onDelete() == ReferentialAction.CASCADE).toList();
    }

    /** The columns of this table that reference the parents of {@link #cascadingParentsOf}, in first-seen order. */
    public List<String> cascadingReferenceColumns(String table) {
        Set<String> columns = new LinkedHashSet<>();
        cascadingParentsOf(table).forEach(r -> columns.addAll(r.child().columns()));
        return List.copyOf(columns);
    }

    /**
     * Whether deleting rows of this table can meet a RESTRICT or NO ACTION anywhere beneath it: through the
     * relationships that carry the delete down (ON DELETE CASCADE), or beneath one that turns it into a change of
     * key (ON DELETE SET NULL), where any relationship that refuses on update or on delete counts. When it cannot,
     * no child row of a deleted parent is ever kept, so nothing needs to know which parent a kept row belonged to.
     */
    public boolean deleteMayBeRefusedBeneath(String table) {
        return refusedBeneath.computeIfAbsent(table, t -> deleteRefusedBeneath(t, new HashSet<>()));
    }

    private boolean deleteRefusedBeneath(String table, Set<String> seen) {
        if (!seen.add(table)) {
            return false; // its relationships are being looked at already
        }
        for (Relationship relationship : childrenOf(table)) {
            String child = relationship.child().table();
            boolean refused = switch (relationship.onDelete()) {
                case CASCADE -> deleteRefusedBeneath(child, seen);
                case SET_NULL -> anyRefusalFrom(child, new HashSet<>());
                case RESTRICT, NO_ACTION -> true;
            };
            if (refused) {
                return true;
            }
        }
        return false;
    }

    private boolean anyRefusalFrom(String table, Set<String> seen) {
        if (!seen.add(table)) {
            return false;
        }
        for (Relationship relationship : childrenOf(table)) {
            if (relationship.onDelete().refuses() || relationship.onUpdate().refuses()
                    || anyRefusalFrom(relationship.child().table(), seen)) {
                return true;
            }
        }
        return false;
    }

    public boolean hasCycle() {
        return cycle().isPresent();
    }

    /**
     * A cycle of tables (parent to child and back), self-references included, such as
     * {@code [categories, categories]} or {@code [a, b, a]}; empty when the graph is acyclic.
     */
    public Optional<List<String>> cycle() {
        Map<String, Integer> state = new LinkedHashMap<>(); // absent: unvisited, 1: on the path, 2: done
        for (String table : tables()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> found = visit(table, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private Optional<List<String>> visit(String table, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(table);
        if (seen != null) {
            if (seen == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(table), path.size()));
                cycle.add(table);
                return Optional.of(cycle);
            }
            return Optional.empty();
        }
        state.put(table, 1);
        path.add(table);
        for (Relationship relationship : childrenOf(table)) {
            Optional<List<String>> found = visit(relationship.child().table(), state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(table, 2);
        return Optional.empty();
    }
}
