package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.manifest.TableColumns;
import dev.ricascade.sql.SqlText;

/**
 * Which referenced values have no parent row, asked of the parent table alone (no join, so it works
 * where parent and child live on different shards): one query that names, for every parent row holding one
 * of the values, which value it holds ({@link SqlText#matchIndex}), then a point query for each value not named,
 * so the server's types and collation decide what matches; Java only keeps positions.
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
        String sql = "SELECT DISTINCT " + SqlText.matchIndex(parent.columns(), references.size()) + " FROM "
                + SqlText.quote(parent.table()) + " WHERE " + SqlText.in("", parent.columns(), references.size());
        List<Object> params = new ArrayList<>(SqlText.flatten(references));
        params.addAll(SqlText.flatten(references));
        Set<Integer> found = new HashSet<>(jdbc.sql(sql).params(params).query(Integer.class).list());
        // a parent row names only the first value it matches: values the collation holds equal to an earlier one
        // (Ann and ann under _ci) are asked again, one by one, before they count as missing
        String exists = "SELECT 1 FROM " + SqlText.quote(parent.table()) + " WHERE " + SqlText.matching(parent.columns())
                + " LIMIT 1";
        List<List<Object>> missing = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            if (!found.contains(i) && jdbc.sql(exists).params(references.get(i)).query(Integer.class).list().isEmpty()) {
                missing.add(references.get(i));
            }
        }
        return missing;
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
