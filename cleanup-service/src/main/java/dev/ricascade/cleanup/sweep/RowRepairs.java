package dev.ricascade.cleanup.sweep;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.cascade.CascadeEngine;
import dev.ricascade.cleanup.cascade.CascadeProgress;
import dev.ricascade.cleanup.cascade.CascadeReport;
import dev.ricascade.cleanup.cascade.RowChange;
import dev.ricascade.manifest.Relationship;

/**
 * The changes a repair makes, done by the cascade engine exactly as for an event: bottom-up, in batches
 * of {@code ricascade.batch-size}, applying the manifest's actions to whatever lies beneath.
 */
@Component
class RowRepairs {

    private final CascadeEngine engine;

    RowRepairs(CascadeEngine engine) {
        this.engine = engine;
    }

    /**
     * Applies the relationship's ON DELETE action to the children that reference these values, whose
     * parents are gone: CASCADE deletes them (and first what depends on them), SET NULL clears them.
     *
     * @return what the engine did, beneath included
     */
    CascadeReport parentsGone(Relationship relationship, List<List<Object>> parentValues) {
        return engine.applyOnDelete(relationship, parentValues, CascadeProgress.NONE);
    }

    /**
     * Deletes these rows as InnoDB would: first each relationship's ON DELETE action applied beneath
     * them, then the rows themselves, except those that a RESTRICT child somewhere beneath still holds.
     *
     * @param rows primary key values, each in key order
     * @return rows deleted
     */
    long deleteWithDependents(String table, List<List<Object>> rows) {
        return engine.deleteRows(table, rows, CascadeProgress.NONE).rows(table, RowChange.DELETED);
    }
}
