package dev.ricascade.cleanup.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The server settings the capture needs: a binlog, in ROW format, with full before images and the column names
 * in its table maps. Checked before following; what is wrong is reported with the setting to change.
 */
final class BinlogSettings {

    private static final String READ = """
            SELECT @@GLOBAL.log_bin, @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image, @@GLOBAL.binlog_row_metadata""";

    private BinlogSettings() {
    }

    /** What is wrong with the server's settings; empty when the capture can follow it. */
    static List<String> problems(JdbcClient jdbc) {
        Map<String, String> actual = jdbc.sql(READ).query((rs, i) -> Map.of(
                "log_bin", String.valueOf(rs.getString(1)),
                "binlog_format", String.valueOf(rs.getString(2)),
                "binlog_row_image", String.valueOf(rs.getString(3)),
                "binlog_row_metadata", String.valueOf(rs.getString(4)))).single();
        List<String> problems = new ArrayList<>();
        if (!List.of("1", "ON").contains(actual.get("log_bin").toUpperCase(Locale.ROOT))) {
            problems.add("the server writes no binlog (log_bin is OFF): start it with --log-bin");
        }
        expect(problems, actual, "binlog_format", "ROW");
        expect(problems, actual, "binlog_row_image", "FULL");
        expect(problems, actual, "binlog_row_metadata", "FULL");
        return problems;
    }

    private static void expect(List<String> problems, Map<String, String> actual, String name, String wanted) {
        if (!wanted.equalsIgnoreCase(actual.get(name))) {
            problems.add(name + " is " + actual.get(name) + ", the capture needs " + wanted + ": SET GLOBAL " + name
                    + " = '" + wanted + "' and set it in the server's configuration (--" + name.replace('_', '-') + "="
                    + wanted + ")");
        }
    }
}
