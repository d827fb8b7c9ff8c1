package dev.ricascade.cleanup.cascade;

import java.util.List;

/**
 * A child row read in a batch: its values of the selected columns (primary key, referencing columns and
 * whatever its own children reference), and the position of the parent value it matched in the
 * {@link ParentChange} that found it, as the database decided.
 */
record ChildRow(List<Object> values, int match) {
}
