package dev.ricascade.api.integrity;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.ricascade.sql.Identifiers;

/** Identifiers for generated SQL: only plain names (as the manifest validates them), always backtick-quoted. */
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

    /** {@code `a` = :p0 AND `b` = :p1}, the parameters named {@code <prefix><position>}. */
    public static String matching(List<String> columns, String prefix) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(quote(columns.get(i))).append(" = :").append(prefix).append(i);
        }
        return sql.toString();
    }

    /** {@code r.`a` = :p0 AND r.`b` = :p1}: the columns of the row with that alias. */
    public static String matching(String alias, List<String> columns, String prefix) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append(alias).append('.').append(quote(columns.get(i)))
                    .append(" = :").append(prefix).append(i);
        }
        return sql.toString();
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

    /** The values bound to the parameters {@link #matching} names: {@code <prefix><position>}. */
    static Map<String, Object> params(String prefix, List<Object> values) {
        Map<String, Object> params = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            params.put(prefix + i, values.get(i));
        }
        return params;
    }

    /** {@code `a` = :p0, `b` = :p1}, for an UPDATE's SET. */
    public static String assignments(List<String> columns, String prefix) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i))).append(" = :").append(prefix).append(i);
        }
        return sql.toString();
    }

    private Sql() {
    }
}
