package dev.ricascade.api.integrity;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.sql.SqlText;

/**
 * Which of a list of value tuples a row's columns equal, decided by the database under each column's own
 * type and collation ({@code ß}/{@code ss}, {@code _bin}, trailing spaces, dates, {@code "5"} against 5): Java
 * only hands the values over. One statement per {@value #BATCH} candidates, a {@code CASE} that names the
 * first candidate matched.
 */
final class FirstMatch {

    private static final int BATCH = 100;

    /**
     * @param values    the tuple, one value per column; a NULL matches nothing
     * @param notColumn with notValues, a row these equal is not a match (such as the candidate's own row); or null
     */
    record Candidate(List<Object> values, List<String> notColumns, List<Object> notValues) {

        Candidate(List<Object> values) {
            this(values, null, null);
        }
    }

    private final JdbcClient jdbc;

    FirstMatch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param from       the row to compare, such as {@code `customers` r WHERE r.`id` = ?}
     * @param fromValues the values bound to the placeholders of from, in order
     * @param alias      the alias whose columns are compared, such as {@code r}
     * @param columns    the columns compared with each candidate's values, in order
     * @param startingAt the first candidate to consider
     * @return the index of the first candidate from startingAt that the row matches, or -1 (also when there is no row)
     */
    int of(String from, List<Object> fromValues, String alias, List<String> columns, List<Candidate> candidates,
           int startingAt) {
        for (int start = startingAt; start < candidates.size(); start += BATCH) {
            int end = Math.min(candidates.size(), start + BATCH);
            StringBuilder sql = new StringBuilder("SELECT CASE");
            List<Object> bound = new ArrayList<>();
            for (int i = start; i < end; i++) {
                Candidate candidate = candidates.get(i);
                sql.append(" WHEN ").append(condition(alias, columns, candidate.values(), bound));
                if (candidate.notColumns() != null) {
                    sql.append(" AND NOT (")
                            .append(condition(alias, candidate.notColumns(), candidate.notValues(), bound))
                            .append(")");
                }
                sql.append(" THEN ").append(i);
            }
            sql.append(" ELSE -1 END FROM ").append(from);
            bound.addAll(fromValues); // from's placeholders follow the CASE's
            List<Integer> found = jdbc.sql(sql.toString()).params(bound).query(Integer.class).list();
            if (!found.isEmpty() && found.get(0) != null && found.get(0) >= 0) {
                return found.get(0);
            }
        }
        return -1;
    }

    /** {@code (r.`a` = ? AND r.`b` = ?)}, its values added to bound */
    private static String condition(String alias, List<String> columns, List<Object> values, List<Object> bound) {
        bound.addAll(values);
        return "(" + SqlText.matching(alias, columns) + ")";
    }
}
