package dev.ricascade.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The pieces of generated SQL both services build: table and column names (from the manifest or the catalog)
 * refused unless plain and then backtick-quoted ({@link Identifiers}), optionally qualified by a table alias;
 * every value a positional {@code ?}, bound by the caller in the order the placeholders appear. Nothing from an
 * event or a request is ever spliced into the text.
 */
public final class SqlText {

    /** {@code `a`}: see {@link Identifiers#quote}, which refuses any name that is not a plain identifier. */
    public static String quote(String identifier) {
        return Identifiers.quote(identifier);
    }

    /** {@code c.`a`}, or {@code `a`} when the alias is empty. */
    public static String column(String alias, String column) {
        return alias.isEmpty() ? quote(column) : alias + "." + quote(column);
    }

    /** {@code `a`, `b`} */
    public static String columnList(List<String> columns) {
        return columnList("", columns);
    }

    /** {@code c.`a`, c.`b`}: the columns of the row with that alias, or without the alias when it is empty. */
    public static String columnList(String alias, List<String> columns) {
        return columns.stream().map(c -> column(alias, c)).collect(Collectors.joining(", "));
    }

    /** {@code `a` = ? AND `b` = ?}: one placeholder per column, bound in column order. */
    public static String matching(List<String> columns) {
        return matching("", columns);
    }

    /** {@code r.`a` = ? AND r.`b` = ?}: the columns of the row with that alias. */
    public static String matching(String alias, List<String> columns) {
        return columns.stream().map(c -> column(alias, c) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code p.`x` = c.`a` AND p.`y` = c.`b`}: column against column, in list order, so the database compares them. */
    public static String joining(String left, List<String> leftColumns, String right, List<String> rightColumns) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < leftColumns.size(); i++) {
            terms.add(column(left, leftColumns.get(i)) + " = " + column(right, rightColumns.get(i)));
        }
        return String.join(" AND ", terms);
    }

    /** {@code `a` IN (?, ?)} or {@code (`a`, `b`) IN ((?, ?), (?, ?))} for this many tuples; binds them flattened. */
    public static String in(List<String> columns, int tuples) {
        return in("", columns, tuples);
    }

    public static String in(String alias, List<String> columns, int tuples) {
        if (columns.size() == 1) {
            return column(alias, columns.get(0)) + " IN (" + placeholders(tuples) + ")";
        }
        String tuple = "(" + placeholders(columns.size()) + ")";
        return "(" + columnList(alias, columns) + ") IN (" + String.join(", ", Collections.nCopies(tuples, tuple)) + ")";
    }

    /** {@code `a` = ?, `b` = ?}, for an UPDATE's SET. */
    public static String assignments(List<String> columns) {
        return columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "));
    }

    /** {@code `a` = ?, `b` = NULL}, for an UPDATE's SET: a placeholder for each value that is not null. */
    public static String assignments(List<String> columns, List<Object> values) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parts.add(quote(columns.get(i)) + (values.get(i) == null ? " = NULL" : " = ?"));
        }
        return String.join(", ", parts);
    }

    /** {@code c.`a` IS NOT NULL AND c.`b` IS NOT NULL} */
    public static String allNotNull(String alias, List<String> columns) {
        return columns.stream().map(c -> column(alias, c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
    }

    /**
     * Keyset position: rows after {@code (k1, k2, …)} in key order, spelled out with AND/OR because row
     * comparisons are not used for index ranges on every server. Binds {@link #afterParams}.
     */
    public static String after(List<String> key) {
        return after("", key);
    }

    public static String after(String alias, List<String> key) {
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

    /** The parameters of {@link #after} for the last row's key values. */
    public static List<Object> afterParams(List<Object> cursor) {
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < cursor.size(); i++) {
            params.addAll(cursor.subList(0, i + 1));
        }
        return params;
    }

    /**
     * {@code CASE `a` WHEN ? THEN 0 WHEN ? THEN 1 … END}, or with {@code WHEN `a` = ? AND `b` = ?} for several
     * columns: the position of the first of {@code tuples} value tuples the row's columns match, decided by the
     * database under the columns' own types and collations. Binds the flattened tuples.
     */
    public static String matchIndex(List<String> columns, int tuples) {
        StringBuilder sql = new StringBuilder("CASE");
        if (columns.size() == 1) {
            sql.append(' ').append(quote(columns.get(0)));
        }
        String test = columns.size() == 1 ? "?" : matching(columns);
        for (int i = 0; i < tuples; i++) {
            sql.append(" WHEN ").append(test).append(" THEN ").append(i);
        }
        return sql.append(" END").toString();
    }

    /** The values of value tuples, one after the other, as {@link #in} and {@link #matchIndex} bind them. */
    public static List<Object> flatten(Collection<List<Object>> tuples) {
        return tuples.stream().flatMap(List::stream).toList();
    }

    /** {@code ?, ?, ?}: this many placeholders, such as for an {@code IN} list. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private SqlText() {
    }
}
