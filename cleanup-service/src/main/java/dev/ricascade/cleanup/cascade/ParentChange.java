package dev.ricascade.cleanup.cascade;

import java.util.Collections;
import java.util.List;

/**
 * What happened to some parent values, and so to the children that reference them: the parents holding
 * {@code values} are gone, or now hold {@code replacements} (the same position; all nulls for SET NULL).
 * Children are matched to these values by the database, under their column's own type and collation;
 * a matched child row learns by position which of the values it matched ({@link ChildRow#match()}).
 * <p>
 * In a combined run ({@link CombinedDeletes}) the values come from several events: {@code owners} says, per position,
 * which event (its index in the run) the value descends from, so that every row changed is counted for its event.
 *
 * @param values       the old values of the parent columns, one tuple per parent, none containing null
 * @param replacements for a rewrite, the new values at the same positions; null for a delete
 * @param owners       per position, the index of the event in a combined run; all 0 for one event's cascade
 */
record ParentChange(List<List<Object>> values, List<List<Object>> replacements, List<Integer> owners) {

    static ParentChange deleted(List<List<Object>> values) {
        return deleted(values, Collections.nCopies(values.size(), 0));
    }

    static ParentChange deleted(List<List<Object>> values, List<Integer> owners) {
        return new ParentChange(List.copyOf(values), null, List.copyOf(owners));
    }

    static ParentChange rewritten(List<List<Object>> values, List<List<Object>> replacements) {
        return rewritten(values, replacements, Collections.nCopies(values.size(), 0));
    }

    static ParentChange rewritten(List<List<Object>> values, List<List<Object>> replacements, List<Integer> owners) {
        if (values.size() != replacements.size() || values.size() != owners.size()) {
            throw new IllegalArgumentException("one replacement and one owner per value: " + values.size() + " values, "
                    + replacements.size() + " replacements, " + owners.size() + " owners");
        }
        return new ParentChange(List.copyOf(values), List.copyOf(replacements), List.copyOf(owners));
    }

    /** The same parents and owners, now holding these values. */
    ParentChange rewrittenTo(List<List<Object>> replacements) {
        return rewritten(values, replacements, owners);
    }

    boolean deletes() {
        return replacements == null;
    }

    int size() {
        return values.size();
    }

    /** The new values for children that matched the value at this position. */
    List<Object> replacement(int match) {
        return replacements.get(match);
    }

    /** The event, in a combined run, that the value at this position descends from. */
    int owner(int position) {
        return owners.get(position);
    }
}
