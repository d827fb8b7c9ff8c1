package dev.ricascade.cleanup.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.ricascade.sql.SqlText;


/**
 * When each orphan was first seen, so that repair can tell an orphan from a row whose cascade is
 * still on its way: between a parent's delete and the end of its cascade the children look exactly
 * like orphans. A row is repaired only after it has been an orphan on every scan for a grace period;
 * a row that stops being one (its cascade arrived, its parent came back) is forgotten.
 */
@Component
class Sightings {

    static final String TABLE = "ri_sweep_sighting";

    private static final String RECORD = """
            INSERT INTO `ri_sweep_sighting` (`relationship`, `row_key`, `first_seen`, `last_seen`)
            VALUES %s
            ON DUPLICATE KEY UPDATE `last_seen` = ?
            """;

    private static final String SEEN_SINCE = """
            SELECT `row_key` FROM `ri_sweep_sighting`
            WHERE `relationship` = ? AND `first_seen` <= ? AND `row_key` IN (%s)
            """;

    private static final String FORGET = """
            DELETE FROM `ri_sweep_sighting` WHERE `relationship` = ? AND `row_key` IN (%s)
            """;

    private static final String FORGET_UNSEEN = """
            DELETE FROM `ri_sweep_sighting` WHERE `relationship` = ? AND `last_seen` < ? LIMIT 1000
            """;

    private static final String FORGET_OTHER_RELATIONSHIPS = """
            DELETE FROM `ri_sweep_sighting` WHERE `relationship` NOT IN (%s) LIMIT 1000
            """;

    private final JdbcClient jdbc;

    Sightings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Notes these orphans as seen now.
     *
     * @return those of them first seen at least {@code grace} before now
     */
    List<OrphanRow> record(String relationship, List<OrphanRow> orphans, Instant now, Duration grace) {
        if (orphans.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (OrphanRow orphan : orphans) {
            String key = KeyValues.digest(orphan.key());
            keys.add(key);
            params.addAll(List.of(relationship, key, now.toEpochMilli(), now.toEpochMilli()));
        }
        params.add(now.toEpochMilli());
        jdbc.sql(RECORD.formatted(String.join(", ", java.util.Collections.nCopies(orphans.size(), "(?, ?, ?, ?)"))))
                .params(params).update();

        List<Object> query = new ArrayList<>(List.of(relationship, now.minus(grace).toEpochMilli()));
        query.addAll(keys);
        Set<String> old = new HashSet<>(jdbc.sql(SEEN_SINCE.formatted(SqlText.placeholders(keys.size())))
                .params(query).query(String.class).list());
        return orphans.stream().filter(o -> old.contains(KeyValues.digest(o.key()))).toList();
    }

    /** Forgets rows that were repaired. */
    void forget(String relationship, Collection<OrphanRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(List.of(relationship));
        rows.forEach(row -> params.add(KeyValues.digest(row.key())));
        jdbc.sql(FORGET.formatted(SqlText.placeholders(rows.size()))).params(params).update();
    }

    /** Forgets the rows of a relationship that a complete scan started at {@code scanStart} did not see. */
    void forgetUnseen(String relationship, Instant scanStart) {
        while (jdbc.sql(FORGET_UNSEEN).params(relationship, scanStart.toEpochMilli()).update() > 0) {
            // bounded statements, repeated
        }
    }

    /** Forgets relationships the manifest no longer has. */
    void keepOnly(Collection<String> relationships) {
        if (relationships.isEmpty()) {
            return;
        }
        String sql = FORGET_OTHER_RELATIONSHIPS.formatted(SqlText.placeholders(relationships.size()));
        while (jdbc.sql(sql).params(List.copyOf(relationships)).update() > 0) {
            // bounded statements, repeated
        }
    }
}
