package dev.ricascade.api.integrity;

import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.manifest.RelationshipGraph;

/**
 * The checks a FOREIGN KEY constraint would have made at write time, generic from the manifest. Each runs inside
 * the caller's transaction, which must also do the write, so that the rows checked stay as checked until it commits:
 * <ul>
 * <li>a child row written must reference a live parent ({@link LiveParents}, which locks parent and ancestors for
 * share);</li>
 * <li>a parent row deleted, or its referenced columns changed, is refused where InnoDB would refuse, anywhere in what
 * the change reaches ({@link RefusalWalk}, which reads rows only where the {@link RefusalAnalysis} of the manifest
 * says a refusal is possible). The caller locks the parent row for update first, so that inserters of new children
 * wait.</li>
 * </ul>
 * Identifiers come from the manifest only; values are bound. Which columns are NOT NULL comes from the schema.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class ReferenceGuard {

    private final LiveParents liveParents;
    private final RefusalWalk refusals;

    ReferenceGuard(JdbcClient jdbc, RelationshipGraph graph, NotNullColumns notNull, LiveRows live) {
        this.liveParents = new LiveParents(jdbc, graph);
        this.refusals = new RefusalWalk(jdbc, graph, notNull, live);
    }

    /**
     * @param childTable the table written to
     * @param row        the written row's values, at least of every column it references a parent with;
     *                   a column absent or NULL references nothing (as with MATCH SIMPLE)
     * @throws MissingParentException naming the relationship whose parent is missing or not live
     */
    public void requireLiveParents(String childTable, Map<String, ?> row) {
        liveParents.require(childTable, row, row.keySet());
    }

    /**
     * For a row being re-pointed: checks only the relationships some of whose child columns change.
     *
     * @param row     the row as it will be, at least its values of every column it references a parent with
     * @param changed the columns that change
     */
    public void requireLiveParents(String childTable, Map<String, ?> row, Set<String> changed) {
        liveParents.require(childTable, row, changed);
    }

    /**
     * @param table the parent table, whose row the caller has locked for update
     * @param row   the row's values of at least every column a relationship references
     * @throws RestrictedException naming the relationship that refuses and how many rows block
     *                             ({@link NotNullColumnException} when it is a SET NULL into a NOT NULL column)
     */
    public void requireDeletable(String table, Map<String, ?> row) {
        refusals.requireDeletable(table, row);
    }

    /**
     * @param table   the parent table, whose row the caller has locked for update
     * @param oldRow  the row's current values of at least every column a relationship references
     * @param changes the new values of the changed columns
     * @throws RestrictedException naming the relationship that refuses and how many rows block
     *                             ({@link NotNullColumnException} when it is a SET NULL into a NOT NULL column)
     */
    public void requireUpdatable(String table, Map<String, ?> oldRow, Map<String, ?> changes) {
        refusals.requireUpdatable(table, oldRow, changes);
    }
}
