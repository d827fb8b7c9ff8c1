package dev.ricascade.cleanup.capture;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where each capture stands in the binlog, in the application's database: {@code ri_capture_position}. The
 * position and the count of what was published up to it are written by one statement, after the broker confirmed
 * every event before it, so a restarted capture (here or on another pod) resumes exactly there.
 */
class CapturePositions {

    private static final String LOAD = """
            SELECT `binlog_file`, `binlog_position`, `gtid` FROM `ri_capture_position` WHERE `name` = ?""";

    // VALUES() rather than MySQL's row alias: MariaDB 10.11 knows only the former
    private static final String SAVE = """
            INSERT INTO `ri_capture_position` (`name`, `binlog_file`, `binlog_position`, `gtid`, `events_published`, `last_event_id`)
            VALUES (?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE `binlog_file` = VALUES(`binlog_file`), `binlog_position` = VALUES(`binlog_position`),
              `gtid` = VALUES(`gtid`), `events_published` = `events_published` + VALUES(`events_published`),
              `last_event_id` = COALESCE(VALUES(`last_event_id`), `last_event_id`)""";

    private final JdbcClient jdbc;
    private final String name;

    CapturePositions(JdbcClient jdbc, String name) {
        this.jdbc = jdbc;
        this.name = name;
    }

    /** The stored position; empty on the first start, when the capture begins at the binlog's current end. */
    Optional<CapturePosition> load() {
        return jdbc.sql(LOAD).param(name)
                .query((rs, i) -> new CapturePosition(rs.getString(1), rs.getLong(2), rs.getString(3)))
                .optional();
    }

    /** Records that everything up to {@code position} is published, {@code published} more events of it. */
    void save(CapturePosition position, long published, String lastEventId) {
        jdbc.sql(SAVE).params(name, position.file(), position.position(), position.gtid(), published, lastEventId).update();
    }
}
