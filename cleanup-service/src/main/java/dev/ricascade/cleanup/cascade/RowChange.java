package dev.ricascade.cleanup.cascade;

/** What a cascade did to a child row. */
public enum RowChange {
    /** ON DELETE CASCADE removed it. */
    DELETED,
    /** SET NULL cleared its referencing columns. */
    NULLED,
    /** ON UPDATE CASCADE gave its referencing columns the parent's new values. */
    REWRITTEN
}
