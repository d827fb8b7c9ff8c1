package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.manifest.Relationship;
import dev.ricascade.sql.SqlText;

/**
 * The DBA's quality-control query, child against parent with NOT EXISTS, run over one primary-key
 * window of the child table at a time so that no statement reads more than a chunk of child rows.
 */
@Component
class ExclusionJoinScan implements OrphanScan {

    private final JdbcClient jdbc;

    ExclusionJoinScan(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void scan(Relationship relationship, List<String> childKey, int chunk, Consumer<List<OrphanRow>> orphans) {
        String child = SqlText.quote(relationship.child().table());
        List<Object> cursor = null;
        while (true) {
            List<Object> end = windowEnd(child, childKey, cursor, chunk);
            List<String> conditions = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            if (cursor != null) {
                conditions.add(SqlText.after("c", childKey));
                params.addAll(SqlText.afterParams(cursor));
            }
            if (end != null) {
                conditions.add("NOT " + SqlText.after("c", childKey));
                params.addAll(SqlText.afterParams(end));
            }
            conditions.add(SqlText.allNotNull("c", relationship.child().columns()));
            conditions.add("NOT EXISTS (SELECT 1 FROM " + SqlText.quote(relationship.parent().table()) + " p WHERE "
                    + SqlText.joining("p", relationship.parent().columns(), "c", relationship.child().columns()) + ")");
            String sql = "SELECT " + SqlText.columnList("c", childKey) + ", " + SqlText.columnList("c", relationship.child().columns())
                    + " FROM " + child + " c WHERE " + String.join(" AND ", conditions)
                    + " ORDER BY " + SqlText.columnList("c", childKey);
            orphans.accept(jdbc.sql(sql).params(params)
                    .query(OrphanRow.mapper(childKey.size(), relationship.child().columns().size())).list());
            if (end == null) {
                return;
            }
            cursor = end;
        }
    }

    /** The key of the last row of the next window, or null when fewer than a chunk of rows remain. */
    private List<Object> windowEnd(String child, List<String> childKey, List<Object> cursor, int chunk) {
        String sql = "SELECT " + SqlText.columnList("", childKey) + " FROM " + child
                + (cursor == null ? "" : " WHERE " + SqlText.after("", childKey))
                + " ORDER BY " + SqlText.columnList("", childKey) + " LIMIT 1 OFFSET " + (chunk - 1);
        List<Object> params = cursor == null ? List.of() : SqlText.afterParams(cursor);
        return jdbc.sql(sql).params(params).query(OrphanRow.mapper(childKey.size(), 0)).optional()
                .map(OrphanRow::key).orElse(null);
    }
}
