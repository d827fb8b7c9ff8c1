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

    /** Tells this and then {@code other}. */
    default CascadeProgress and(CascadeProgress other) {
        CascadeProgress first = this;
        return new CascadeProgress() {
            @Override
            public void rowsChanged(Relationship relationship, RowChange change, long rows) {
                first.rowsChanged(relationship, change, rows);
                other.rowsChanged(relationship, change, rows);
            }

            @Override
            public void violation(Relationship relationship, long rows) {
                first.violation(relationship, rows);
                other.violation(relationship, rows);
            }

            @Override
            public void statement(long nanos) {
                first.statement(nanos);
                other.statement(nanos);
            }
        };
    }
}
