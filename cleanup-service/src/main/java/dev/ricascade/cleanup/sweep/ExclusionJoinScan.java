package dev.ricascade.cleanup.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.manifest.Relationship;

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
        String child = SweepSql.quote(relationship.child().table());
        List<Object> cursor = null;
        while (true) {
            List<Object> end = windowEnd(child, childKey, cursor, chunk);
            List<String> conditions = new ArrayList<>();
            List<Object> params = new ArrayList<>();
            if (cursor != null) {
                conditions.add(SweepSql.after("c", childKey));
                params.addAll(SweepSql.afterParams(cursor));
            }
            if (end != null) {
                conditions.add("NOT " + SweepSql.after("c", childKey));
                params.addAll(SweepSql.afterParams(end));
            }
            conditions.add(SweepSql.allNotNull("c", relationship.child().columns()));
            conditions.add("NOT EXISTS (SELECT 1 FROM " + SweepSql.quote(relationship.parent().table()) + " p WHERE "
                    + SweepSql.matching("p", relationship.parent().columns(), "c", relationship.child().columns()) + ")");
            String sql = "SELECT " + SweepSql.columns("c", childKey) + ", " + SweepSql.columns("c", relationship.child().columns())
                    + " FROM " + child + " c WHERE " + String.join(" AND ", conditions)
                    + " ORDER BY " + SweepSql.columns("c", childKey);
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
        String sql = "SELECT " + SweepSql.columns("", childKey) + " FROM " + child
                + (cursor == null ? "" : " WHERE " + SweepSql.after("", childKey))
                + " ORDER BY " + SweepSql.columns("", childKey) + " LIMIT 1 OFFSET " + (chunk - 1);
        List<Object> params = cursor == null ? List.of() : SweepSql.afterParams(cursor);
        return jdbc.sql(sql).params(params).query(OrphanRow.mapper(childKey.size(), 0)).optional()
                .map(OrphanRow::key).orElse(null);
    }
}
