package dev.ricascade.cleanup.cascade;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pieces of SQL built from manifest identifiers (already validated as plain identifiers, quoted here)
 * with a placeholder for every value. Nothing from an event is ever spliced into the text.
 */
final class Sql {

    static String quote(String identifier) {
        return "`" + identifier + "`";
    }

    static String columnList(List<String> columns) {
        return columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** {@code `a` IN (?, ?)} or {@code (`a`, `b`) IN ((?, ?), (?, ?))} for this many tuples. */
    static String in(List<String> columns, int tuples) {
        if (columns.size() == 1) {
            return quote(columns.get(0)) + " IN (" + placeholders(tuples) + ")";
        }
        String tuple = "(" + placeholders(columns.size()) + ")";
        return "(" + columnList(columns) + ") IN (" + String.join(", ", java.util.Collections.nCopies(tuples, tuple)) + ")";
    }

    /** {@code `a` = ? AND `b` = ?} */
    static String equal(List<String> columns) {
        return columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code `a` = ?, `b` = NULL} for an UPDATE's SET clause: a placeholder for each non-null value. */
    static String assign(List<String> columns, List<Object> values) {
        List<String> parts = new java.util.ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(quote(columns.get(i)) + (values.get(i) == null ? " = NULL" : " = ?"));
        }
        return String.join(", ", parts);
    }

    /**
     * Keyset position: rows after {@code (k1, k2, …)} in key order, spelled out with AND/OR because row
     * comparisons are not used for index ranges on every server. Binds {@link #afterParams}.
     */
    static String after(List<String> key) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                sql.append(" OR ");
            }
            sql.append("(");
            for (int j = 0; j < i; j++) {
                sql.append(quote(key.get(j))).append(" = ? AND ");
            }
            sql.append(quote(key.get(i))).append(" > ?)");
        }
        return sql.append(")").toString();
    }

    static List<Object> afterParams(List<Object> cursor) {
        List<Object> params = new java.util.ArrayList<>();
        for (int i = 0; i < cursor.size(); i++) {
            params.addAll(cursor.subList(0, i + 1));
        }
        return params;
    }

    static List<Object> flatten(Collection<List<Object>> tuples) {
        return tuples.stream().flatMap(List::stream).toList();
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private Sql() {
    }
}
