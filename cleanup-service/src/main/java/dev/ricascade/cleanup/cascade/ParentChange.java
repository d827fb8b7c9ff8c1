package dev.ricascade.cleanup.cascade;

import java.util.List;

/**
 * What happened to some parent values, and so to the children that reference them: the parents holding
 * {@code values} are gone, or now hold {@code replacements} (the same position; all nulls for SET NULL).
 * Children are matched to these values by the database, under their column's own type and collation;
 * a matched child row learns by position which of the values it matched ({@link ChildRow#match()}).
 *
 * @param values       the old values of the parent columns, one tuple per parent, none containing null
 * @param replacements for a rewrite, the new values at the same positions; null for a delete
 */
record ParentChange(List<List<Object>> values, List<List<Object>> replacements) {

    static ParentChange deleted(List<List<Object>> values) {
        return new ParentChange(List.copyOf(values), null);
    }

    static ParentChange rewritten(List<List<Object>> values, List<List<Object>> replacements) {
        if (values.size() != replacements.size()) {
            throw new IllegalArgumentException("one replacement per value: " + values.size() + " values, "
                    + replacements.size() + " replacements");
        }
        return new ParentChange(List.copyOf(values), List.copyOf(replacements));
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
}
