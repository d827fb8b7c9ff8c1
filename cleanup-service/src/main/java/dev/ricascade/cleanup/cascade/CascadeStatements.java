package dev.ricascade.cleanup.cascade;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import dev.ricascade.manifest.TableColumns;
import dev.ricascade.sql.SqlText;

/**
 * The statements a cascade runs, each a single-table statement by key. Every comparison of a key value with
 * another is made by the database, in SQL, under the column's own type and collation: which children match a
 * parent value ({@code IN}), and which of several parent values a child matched ({@link SqlText#matchIndex}). Java only
 * hands values over and reads them back. Every row-changing statement is its own short transaction, in which
 * what it changed is also recorded (the {@code withinTransaction} callback), so counts stay exact across crashes.
 */
final class CascadeStatements {

    /** The result of one statement and how long it took, commit included. */
    record Timed<T>(T value, long nanos) {
    }

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    CascadeStatements(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Whether a row of the table holds these values in these columns. */
    boolean rowHolds(TableColumns columns, List<Object> values) {
        String sql = "SELECT 1 FROM " + SqlText.quote(columns.table()) + " WHERE " + SqlText.matching(columns.columns())
                + " LIMIT 1";
        return !jdbc.sql(sql).params(values).query((rs, i) -> 1).list().isEmpty();
    }

    /**
     * Whether a row holds {@code before} in these columns but not {@code after}: another row than the one that
     * changed still (or again) holds the old values. A change the column's collation cannot see (letter case
     * only under a case-insensitive collation) finds the changed row itself holding both, so it does not count.
     */
    boolean anotherRowHolds(TableColumns columns, List<Object> before, List<Object> after) {
        List<String> names = columns.columns();
        String notAfter = String.join(" AND ", names.stream().map(c -> SqlText.quote(c) + " <=> ?").toList());
        String sql = "SELECT 1 FROM " + SqlText.quote(columns.table()) + " WHERE " + SqlText.matching(names)
                + " AND NOT (" + notAfter + ") LIMIT 1";
        List<Object> params = new ArrayList<>(before);
        params.addAll(after);
        return !jdbc.sql(sql).params(params).query((rs, i) -> 1).list().isEmpty();
    }

    /** How many child rows reference any of these parent values. */
    Timed<Long> countChildren(TableColumns child, List<List<Object>> parents) {
        String sql = "SELECT COUNT(*) FROM " + SqlText.quote(child.table()) + " WHERE "
                + SqlText.in(child.columns(), parents.size());
        return timed(() -> jdbc.sql(sql).params(SqlText.flatten(parents)).query(Long.class).single());
    }

    /** How many child rows reference each of these parent values, by position; positions none references are absent. */
    Timed<Map<Integer, Long>> countByMatch(TableColumns child, List<List<Object>> parents) {
        String sql = "SELECT " + SqlText.matchIndex(child.columns(), parents.size()) + " AS m, COUNT(*) FROM "
                + SqlText.quote(child.table()) + " WHERE " + SqlText.in(child.columns(), parents.size()) + " GROUP BY m";
        List<Object> params = matchThenIn(parents);
        return timed(() -> {
            Map<Integer, Long> counts = new HashMap<>();
            jdbc.sql(sql).params(params).query(rs -> {
                counts.put(rs.getInt(1), rs.getLong(2));
            });
            return counts;
        });
    }

    /** The positions of the parent values that at least one child row references. */
    Timed<Set<Integer>> referencedParents(TableColumns child, List<List<Object>> parents) {
        String sql = "SELECT DISTINCT " + SqlText.matchIndex(child.columns(), parents.size()) + " FROM "
                + SqlText.quote(child.table()) + " WHERE " + SqlText.in(child.columns(), parents.size());
        List<Object> params = matchThenIn(parents);
        return timed(() -> new HashSet<>(jdbc.sql(sql).params(params).query(Integer.class).list()));
    }

    /**
     * The next rows, in primary-key order after {@code cursor} (null: from the start), whose {@code via} columns
     * match one of the parent values; each with the selected columns and the position of the value it matched, or
     * 0 for every row when {@code withMatch} is false (the match index is a {@code CASE} of one branch per parent
     * value, which the database tries in turn for every row: with thousands of parents, most of the statement).
     */
    Timed<List<ChildRow>> children(TableColumns via, List<List<Object>> parents, List<String> selected,
                                   List<String> primaryKey, List<Object> cursor, int limit, boolean withMatch) {
        List<Object> params = withMatch ? matchThenIn(parents) : new ArrayList<>(SqlText.flatten(parents));
        String match = withMatch ? SqlText.matchIndex(via.columns(), parents.size()) : "0";
        String sql = "SELECT " + SqlText.columnList(selected) + ", " + match
                + " FROM " + SqlText.quote(via.table()) + " WHERE " + SqlText.in(via.columns(), parents.size());
        if (cursor != null) {
            sql += " AND " + SqlText.after(primaryKey);
            params.addAll(SqlText.afterParams(cursor));
        }
        String query = sql + " ORDER BY " + SqlText.columnList(primaryKey) + " LIMIT " + limit;
        int width = selected.size();
        return timed(() -> jdbc.sql(query).params(params).query((rs, i) -> {
            List<Object> row = new ArrayList<>(width);
            for (int c = 1; c <= width; c++) {
                row.add(rs.getObject(c));
            }
            return new ChildRow(row, rs.getInt(width + 1));
        }).list());
    }

    /** Deletes these rows by primary key, each only while it still references one of the parent values. */
    Timed<Integer> deleteRows(TableColumns via, List<String> primaryKey, List<List<Object>> keys,
                              List<List<Object>> parents, IntConsumer withinTransaction) {
        String sql = "DELETE FROM " + SqlText.quote(via.table()) + " WHERE " + SqlText.in(primaryKey, keys.size())
                + " AND " + SqlText.in(via.columns(), parents.size());
        List<Object> params = new ArrayList<>(SqlText.flatten(keys));
        params.addAll(SqlText.flatten(parents));
        return changeRows(sql, params, withinTransaction);
    }

    /** Gives these rows, by primary key, new values in their {@code via} columns, each only while it still holds the old ones. */
    Timed<Integer> rewriteRows(TableColumns via, List<String> primaryKey, List<List<Object>> keys, List<Object> oldValues,
                               List<Object> newValues, IntConsumer withinTransaction) {
        String sql = "UPDATE " + SqlText.quote(via.table()) + " SET " + SqlText.assignments(via.columns(), newValues)
                + " WHERE " + SqlText.in(primaryKey, keys.size()) + " AND " + SqlText.matching(via.columns());
        List<Object> params = new ArrayList<>(newValues.stream().filter(v -> v != null).toList());
        params.addAll(SqlText.flatten(keys));
        params.addAll(oldValues);
        return changeRows(sql, params, withinTransaction);
    }

    /**
     * For a table nothing depends on: deletes the rows referencing any of the parent values, or sets their
     * {@code via} columns to NULL, at most {@code limit} rows in this statement.
     */
    Timed<Integer> deleteOrNullLeaves(TableColumns via, boolean setNull, List<List<Object>> parents, int limit,
                                      IntConsumer withinTransaction) {
        String head = setNull
                ? "UPDATE " + SqlText.quote(via.table()) + " SET "
                        + SqlText.assignments(via.columns(), Collections.nCopies(via.columns().size(), null))
                : "DELETE FROM " + SqlText.quote(via.table());
        String sql = head + " WHERE " + SqlText.in(via.columns(), parents.size()) + " LIMIT " + limit;
        return changeRows(sql, SqlText.flatten(parents), withinTransaction);
    }

    /** The parameters of a {@link SqlText#matchIndex} over the parents followed by an {@code IN} over the same. */
    private static List<Object> matchThenIn(List<List<Object>> parents) {
        List<Object> params = new ArrayList<>(SqlText.flatten(parents));
        params.addAll(SqlText.flatten(parents));
        return params;
    }

    private Timed<Integer> changeRows(String sql, List<Object> params, IntConsumer withinTransaction) {
        return timed(() -> transactions.execute(status -> {
            int changed = jdbc.sql(sql).params(params).update();
            withinTransaction.accept(changed);
            return changed;
        }));
    }

    private static <T> Timed<T> timed(Supplier<T> statement) {
        long start = System.nanoTime();
        T value = statement.get();
        return new Timed<>(value, System.nanoTime() - start);
    }
}
