package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pieces of the sweep's SQL: identifiers from the manifest (validated as plain identifiers when it was
 * loaded) or from INFORMATION_SCHEMA, backtick-quoted, optionally qualified by a table alias; every
 * value a placeholder.
 */
final class SweepSql {

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** {@code c.`a`, c.`b`}, or without the alias when it is empty. */
    static String columns(String alias, List<String> columns) {
        return columns.stream().map(c -> column(alias, c)).collect(Collectors.joining(", "));
    }

    static String column(String alias, String column) {
        return alias.isEmpty() ? quote(column) : alias + "." + quote(column);
    }

    /** {@code c.`a` IS NOT NULL AND c.`b` IS NOT NULL} */
    static String allNotNull(String alias, List<String> columns) {
        return columns.stream().map(c -> column(alias, c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
    }

    /** {@code p.`x` = c.`a` AND p.`y` = c.`b`} */
    static String matching(String left, List<String> leftColumns, String right, List<String> rightColumns) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < leftColumns.size(); i++) {
            terms.add(column(left, leftColumns.get(i)) + " = " + column(right, rightColumns.get(i)));
        }
        return String.join(" AND ", terms);
    }

    /** {@code `a` = ? AND `b` = ?} */
    static String equal(List<String> columns) {
        return columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code `a` IN (?, ?)} or {@code (`a`, `b`) IN ((?, ?), (?, ?))} for this many tuples. */
    static String in(String alias, List<String> columns, int tuples) {
        if (columns.size() == 1) {
            return column(alias, columns.get(0)) + " IN (" + placeholders(tuples) + ")";
        }
        String tuple = "(" + placeholders(columns.size()) + ")";
        return "(" + columns(alias, columns) + ") IN (" + String.join(", ", Collections.nCopies(tuples, tuple)) + ")";
    }

    /**
     * Keyset position: rows after {@code (k1, k2, …)} in key order, spelled out with AND/OR (row
     * comparisons do not use index ranges on every server). Bind {@link #afterParams}.
     */
    static String after(String alias, List<String> key) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                sql.append(" OR ");
            }
            sql.append("(");
            for (int j = 0; j < i; j++) {
                sql.append(column(alias, key.get(j))).append(" = ? AND ");
            }
            sql.append(column(alias, key.get(i))).append(" > ?)");
        }
        return sql.append(")").toString();
    }

    static List<Object> afterParams(List<Object> cursor) {
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < cursor.size(); i++) {
            params.addAll(cursor.subList(0, i + 1));
        }
        return params;
    }

    static List<Object> flatten(List<List<Object>> tuples) {
        return tuples.stream().flatMap(List::stream).toList();
    }

    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private SweepSql() {
    }
}
