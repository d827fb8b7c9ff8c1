package dev.ricascade.api.integrity;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import dev.ricascade.sql.Identifiers;

/**
 * Pieces of generated SQL: identifiers only plain names (as the manifest validates them), always backtick-quoted;
 * values only as positional {@code ?} placeholders, bound by the caller in the order they appear.
 */
public final class Sql {

    /** {@code `a`}: see {@link Identifiers#quote}, which refuses any name that is not a plain identifier. */
    public static String quote(String identifier) {
        return Identifiers.quote(identifier);
    }

    public static String columnList(List<String> columns) {
        return columns.stream().map(Sql::quote).collect(Collectors.joining(", "));
    }

    /** {@code r.`a`, r.`b`}: the columns of the row with that alias. */
    public static String columnList(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + quote(c)).collect(Collectors.joining(", "));
    }

    /** {@code `a` = ? AND `b` = ?}: one placeholder per column, bound in column order. */
    public static String matching(List<String> columns) {
        return columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code r.`a` = ? AND r.`b` = ?}: the columns of the row with that alias. */
    public static String matching(String alias, List<String> columns) {
        return columns.stream().map(c -> alias + "." + quote(c) + " = ?").collect(Collectors.joining(" AND "));
    }

    /** {@code c.`x` = p.`a` AND c.`y` = p.`b`}: column against column, so the database compares them. */
    public static String joining(String left, List<String> leftColumns, String right, List<String> rightColumns) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < leftColumns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(left).append('.').append(quote(leftColumns.get(i)))
                    .append(" = ").append(right).append('.').append(quote(rightColumns.get(i)));
        }
        return sql.toString();
    }

    /** {@code `a` = ?, `b` = ?}, for an UPDATE's SET. */
    public static String assignments(List<String> columns) {
        return columns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "));
    }

    /** {@code ?, ?, ?}: this many placeholders, such as for an {@code IN} list. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private Sql() {
    }
}
