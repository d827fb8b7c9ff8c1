package dev.ricascade.cleanup.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * A stored position whose binlog file the server has purged turns health DOWN with the reason and what to do;
 * resetting the position (deleting its row) lets the capture start again from now.
 */
class CapturePositionPurgedIntegrationTests extends CaptureIntegrationTest {

    @Autowired
    private BinlogCapture capture;

    @Autowired
    private CaptureHealth health;

    @Test
    void aPurgedPositionTurnsHealthDownWithTheReasonUntilThePositionIsReset() {
        capture.stop();
        jdbc.sql("FLUSH BINARY LOGS").update();
        String current = jdbc.sql("SHOW MASTER STATUS").query((rs, i) -> rs.getString(1)).single();
        jdbc.sql("PURGE BINARY LOGS TO '" + current + "'").update(); // MariaDB keeps files it still needs itself
        String oldest = jdbc.sql("SHOW BINARY LOGS").query((rs, i) -> rs.getString(1)).list().get(0);
        String purgedFile = beforeThe(oldest);
        jdbc.sql("UPDATE ri_capture_position SET binlog_file = ?, binlog_position = 4").param(purgedFile).update();

        capture.start();

        await().atMost(PATIENCE).untilAsserted(() -> {
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(String.valueOf(down.getDetails().get("reason")))
                    .contains(purgedFile + ":4", "no longer on the server", "orphan sweep", "ri_capture_position");
        });

        jdbc.sql("DELETE FROM ri_capture_position").update();
        await().atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Object> details = health.health().getDetails();
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(details.get("state")).isEqualTo("following");
        });
        long before = eventsPublished();
        asAnotherApplication("INSERT INTO items (id, name) VALUES (1, 'tea')", "DELETE FROM items WHERE id = 1");
        awaitEventsPublished(before + 1);
    }

    /** {@code binlog.000007} for {@code binlog.000008}: a file the server no longer has. */
    private static String beforeThe(String file) {
        int dot = file.lastIndexOf('.');
        String number = file.substring(dot + 1);
        return file.substring(0, dot + 1) + String.format("%0" + number.length() + "d", Integer.parseInt(number) - 1);
    }
}
