package dev.ricascade.api.integrity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;
import dev.ricascade.sql.SqlText;

/**
 * A child row written (inserted or re-pointed) must reference a <em>live</em> parent: one that exists and none of
 * whose CASCADE ancestors is gone. Parent and ancestors are locked for share, so a concurrent delete of any of them
 * waits for the caller's transaction, or the caller sees it committed.
 */
final class LiveParents {

    private static final int MAX_DEPTH = 64;

    private static final String LOCK_PARENT = """
            SELECT %s FROM %s WHERE %s LIMIT 1 LOCK IN SHARE MODE""";

    private final JdbcClient jdbc;
    private final RelationshipGraph graph;

    LiveParents(JdbcClient jdbc, RelationshipGraph graph) {
        this.jdbc = jdbc;
        this.graph = graph;
    }

    /**
     * @param row     the row as it will be, at least its values of every column it references a parent with;
     *                a column absent or NULL references nothing (as with MATCH SIMPLE)
     * @param changed the columns written: only relationships some of whose child columns are among them are checked
     * @throws MissingParentException naming the relationship whose parent is missing or not live
     */
    void require(String childTable, Map<String, ?> row, Set<String> changed) {
        for (Relationship relationship : graph.parentsOf(childTable)) {
            if (relationship.child().columns().stream().noneMatch(changed::contains)) {
                continue;
            }
            List<Object> values = References.values(row, relationship.child().columns());
            if (values != null) {
                requireLive(relationship, values, relationship, values, 0);
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
        List<Relationship> cascadesFromAbove = graph.cascadingParentsOf(parent);
        Set<String> needed = new LinkedHashSet<>(relationship.parent().columns());
        needed.addAll(graph.cascadingReferenceColumns(parent));
        String sql = LOCK_PARENT.formatted(SqlText.columnList(List.copyOf(needed)), SqlText.quote(parent),
                SqlText.matching(relationship.parent().columns()));
        List<Map<String, Object>> found = jdbc.sql(sql).params(values).query().listOfRows();
        if (found.isEmpty()) {
            throw new MissingParentException(origin, originValues, relationship, values);
        }
        for (Relationship above : cascadesFromAbove) {
            List<Object> aboveValues = References.values(found.get(0), above.child().columns());
            if (aboveValues != null && !(above.isSelfReferencing() && aboveValues.equals(values))) {
                requireLive(above, aboveValues, origin, originValues, depth + 1);
            }
        }
    }
}
