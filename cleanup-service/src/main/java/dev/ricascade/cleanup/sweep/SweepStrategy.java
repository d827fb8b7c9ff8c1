package dev.ricascade.cleanup.sweep;

/** How a run finds orphans. Both page through each child table by primary key, a bounded chunk per query. */
public enum SweepStrategy {

    /** One NOT EXISTS query per chunk, child against parent: for a single database. */
    JOIN,

    /** Single-table queries only: a chunk of child rows, then their parents by IN list. For Vitess and other sharded databases. */
    KEYSET
}
