package dev.ricascade.cleanup.cascade;

import dev.ricascade.manifest.Relationship;

/** Told of every committed batch, so that metrics and the status a client watches move as the cascade runs. */
public interface CascadeProgress {

    CascadeProgress NONE = new CascadeProgress() {
    };

    default void rowsChanged(Relationship relationship, RowChange change, long rows) {
    }

    /** Child rows a RESTRICT / NO ACTION relationship kept, where InnoDB would have refused the parent's change. */
    default void violation(Relationship relationship, long rows) {
    }

    /** One statement of the cascade ran, as its own transaction, in this many nanoseconds (commit included). */
    default void statement(long nanos) {
    }
}
