package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.schema.SqlText;
import dev.ricascade.manifest.TableColumns;

/**
 * Which referenced values have no parent row, asked of the parent table alone (no join, so it works
 * where parent and child live on different shards): one IN-list query for all of them, then a point
 * query for each value that list did not account for, so that the server's collation has the last word.
 */
@Component
class ParentLookup {

    private final JdbcClient jdbc;

    ParentLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param references distinct tuples of non-NULL values, at most a chunk of them */
    List<List<Object>> missing(TableColumns parent, List<List<Object>> references) {
        if (references.isEmpty()) {
            return List.of();
        }
        int width = parent.columns().size();
        String sql = "SELECT " + SqlText.columns("", parent.columns()) + " FROM " + SqlText.quote(parent.table())
                + " WHERE " + SqlText.in("", parent.columns(), references.size());
        Set<List<String>> found = new HashSet<>(jdbc.sql(sql).params(SqlText.flatten(references))
                .query((rs, n) -> {
                    List<Object> values = new ArrayList<>(width);
                    for (int i = 1; i <= width; i++) {
                        values.add(rs.getObject(i));
                    }
                    return KeyValues.loose(values);
                }).list());
        List<List<Object>> candidates = references.stream().filter(r -> !found.contains(KeyValues.loose(r))).toList();
        String exists = "SELECT COUNT(*) FROM (SELECT 1 FROM " + SqlText.quote(parent.table()) + " WHERE "
                + SqlText.equal(parent.columns()) + " LIMIT 1) x";
        return candidates.stream()
                .filter(candidate -> jdbc.sql(exists).params(candidate).query(Long.class).single() == 0)
                .toList();
    }

    /** The distinct non-NULL reference tuples of these rows, in first-seen order. */
    static List<List<Object>> distinctReferences(List<OrphanRow> rows) {
        Map<List<String>, List<Object>> distinct = new LinkedHashMap<>();
        for (OrphanRow row : rows) {
            if (row.references().stream().noneMatch(v -> v == null)) {
                distinct.putIfAbsent(KeyValues.canonicalAll(row.references()), row.references());
            }
        }
        return List.copyOf(distinct.values());
    }
}
