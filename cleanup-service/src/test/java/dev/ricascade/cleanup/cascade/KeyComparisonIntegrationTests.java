package dev.ricascade.cleanup.cascade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.cleanup.schema.SchemaCatalog;
import dev.ricascade.manifest.Relationship;
import dev.ricascade.manifest.RelationshipGraph;

/**
 * Whether a child matches its parent is the column's business: its type and collation. Each case runs the same
 * statements on a twin database where the manifest's relationships are real FOREIGN KEYs, lets InnoDB cascade
 * there and the cleanup service here, and compares every child row byte for byte.
 */
@TestPropertySource(properties = "ricascade.manifest=classpath:manifests/keys.yml")
class KeyComparisonIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private RelationshipGraph graph;

    @Autowired
    private SchemaCatalog catalog;

    private String twin;

    @Override
    protected String schemaResource() {
        return "manifests/keys.sql";
    }

    @BeforeEach
    void createNoPadTablesAndTheTwin() {
        // a NO PAD binary collation by the server's name for it: MySQL 8.4's utf8mb4_0900_bin, MariaDB's utf8mb4_nopad_bin
        String noPad = jdbc.sql("SELECT COLLATION_NAME FROM INFORMATION_SCHEMA.COLLATIONS WHERE COLLATION_NAME IN "
                + "('utf8mb4_0900_bin', 'utf8mb4_nopad_bin') ORDER BY COLLATION_NAME LIMIT 1").query(String.class).single();
        sql("CREATE TABLE nopad_parent (id INT PRIMARY KEY, k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE " + noPad
                + " NOT NULL, UNIQUE KEY uk_nopad_parent (k))");
        sql("CREATE TABLE nopad_child (id INT PRIMARY KEY, k VARCHAR(40) CHARACTER SET utf8mb4 COLLATE " + noPad
                + " NULL, KEY ix_nopad_child (k))");
        catalog.refresh();
        twin = jdbc.sql("SELECT DATABASE()").query(String.class).single() + "_fk";
        sql("DROP DATABASE IF EXISTS `" + twin + "`");
        sql("CREATE DATABASE `" + twin + "`");
        for (String table : graph.tables()) {
            sql("CREATE TABLE `" + twin + "`.`" + table + "` LIKE `" + table + "`");
        }
        for (Relationship r : graph.tables().stream().flatMap(t -> graph.childrenOf(t).stream()).toList()) {
            sql("ALTER TABLE `" + twin + "`.`" + r.child().table() + "` ADD FOREIGN KEY (" + String.join(", ", r.child().columns())
                    + ") REFERENCES `" + twin + "`.`" + r.parent().table() + "` (" + String.join(", ", r.parent().columns())
                    + ") ON DELETE CASCADE ON UPDATE CASCADE");
        }
    }

    @Test
    void expandingCollationsMatchWhatTheirColumnsMatch() {
        both("INSERT INTO unicode_parent (id, k) VALUES (1, 'straße@x'), (2, 'ﬁle@x'), (3, 'Ａda@x'), "
                + "(4, CONCAT('ze', CHAR(0xE2808B USING utf8mb4), 'ro@x'))");
        both("INSERT INTO unicode_child (id, k) VALUES (10, 'strasse@x'), (20, 'file@x'), (30, 'ada@x'), (40, 'zero@x')");
        both("INSERT INTO unicode_grandchild (id, child_k) VALUES (100, 'STRASSE@X'), (101, 'Straße@x'), (200, 'FILE@x'), "
                + "(300, 'ADA@X'), (400, 'ZERO@x')");

        changeBoth("UPDATE unicode_parent SET k = 'street@x' WHERE id = 1",
                updated("unicode_parent", Map.of("id", 1, "k", "straße@x"), Map.of("k", "street@x")));
        changeBoth("DELETE FROM unicode_parent WHERE id = 2", deleted("unicode_parent", Map.of("id", 2, "k", "ﬁle@x")));
        changeBoth("UPDATE unicode_parent SET k = 'ada@x' WHERE id = 3",
                updated("unicode_parent", Map.of("id", 3, "k", "Ａda@x"), Map.of("k", "ada@x")));
        changeBoth("DELETE FROM unicode_parent WHERE id = 4",
                deleted("unicode_parent", Map.of("id", 4, "k", "ze\u200Bro@x")));

        assertSameAsInnoDb("unicode_child", "k");
        assertSameAsInnoDb("unicode_grandchild", "child_k");
        assertThat(rows("SELECT child_k FROM unicode_grandchild WHERE id IN (100, 101)"))
                .as("the grandchildren of 'straße@x' followed it").containsOnly("street@x");
    }

    @Test
    void binaryCollationsKeepApartWhatTheyCompareApart() {
        both("INSERT INTO bin_parent (id, k) VALUES (1, 'Ada@x'), (2, 'ada@x')");
        both("INSERT INTO bin_child (id, k) VALUES (10, 'Ada@x'), (20, 'ada@x'), (21, 'ada@x')");

        changeBoth("UPDATE bin_parent SET k = 'ADA@x' WHERE id = 2",
                updated("bin_parent", Map.of("id", 2, "k", "ada@x"), Map.of("k", "ADA@x")));
        changeBoth("DELETE FROM bin_parent WHERE id = 1", deleted("bin_parent", Map.of("id", 1, "k", "Ada@x")));

        assertSameAsInnoDb("bin_child", "k");
        assertThat(rows("SELECT k FROM bin_child ORDER BY id")).containsExactly("ADA@x", "ADA@x");
    }

    @Test
    void noPadCollationsKeepTrailingSpacesSignificant() {
        both("INSERT INTO nopad_parent (id, k) VALUES (1, 'a@x'), (2, 'a@x ')");
        both("INSERT INTO nopad_child (id, k) VALUES (10, 'a@x'), (20, 'a@x ')");

        changeBoth("DELETE FROM nopad_parent WHERE id = 2", deleted("nopad_parent", Map.of("id", 2, "k", "a@x ")));
        changeBoth("UPDATE nopad_parent SET k = 'b@x' WHERE id = 1",
                updated("nopad_parent", Map.of("id", 1, "k", "a@x"), Map.of("k", "b@x")));

        assertSameAsInnoDb("nopad_child", "k");
        assertThat(rows("SELECT CONCAT('[', k, ']') FROM nopad_child")).containsExactly("[b@x]");
    }

    @Test
    void datesAndNumbersSentAsTextMatchTheirColumns() {
        both("INSERT INTO day_parent (id, d) VALUES (1, '2024-01-31'), (2, '2024-03-01')");
        both("INSERT INTO day_child (id, d) VALUES (10, '2024-01-31'), (11, '2024-01-31'), (20, '2024-03-01')");
        both("INSERT INTO number_parent (id, code) VALUES (1, 5), (2, 7)");
        both("INSERT INTO number_child (id, code) VALUES (10, 5), (11, 5), (20, 7)");

        changeBoth("UPDATE day_parent SET d = '2024-02-29' WHERE id = 1",
                updated("day_parent", Map.of("id", 1, "d", "2024-01-31"), Map.of("d", "2024-02-29")));
        changeBoth("UPDATE number_parent SET code = 6 WHERE id = 1",
                updated("number_parent", Map.of("id", "1", "code", "5"), Map.of("code", "6")));
        changeBoth("DELETE FROM day_parent WHERE id = 2", deleted("day_parent", Map.of("id", 2, "d", "2024-03-01")));
        changeBoth("DELETE FROM number_parent WHERE id = 2", deleted("number_parent", Map.of("id", 2, "code", "7")));

        assertSameAsInnoDb("day_child", "d");
        assertSameAsInnoDb("number_child", "code");
        assertThat(rows("SELECT CAST(d AS CHAR) FROM day_child")).containsOnly("2024-02-29").hasSize(2);
        assertThat(rows("SELECT code FROM number_child")).containsOnly("6").hasSize(2);
    }

    @Test
    void dateTimesAndTimestampsSentAsTextMatchTheirColumns() {
        both("INSERT INTO moment_parent (id, at) VALUES (1, '2024-01-31 10:00:00.250'), (2, '2024-03-01 00:00:00')");
        both("INSERT INTO moment_child (id, at) VALUES (10, '2024-01-31 10:00:00.250'), (20, '2024-03-01 00:00:00')");
        both("INSERT INTO stamp_parent (id, at) VALUES (1, '2024-01-31 10:00:00'), (2, '2024-03-01 00:00:00')");
        both("INSERT INTO stamp_child (id, at) VALUES (10, '2024-01-31 10:00:00'), (20, '2024-03-01 00:00:00')");

        // the event's text is not the column's text ('T', fewer fraction digits): the database reads it as a moment
        changeBoth("UPDATE moment_parent SET at = '2024-02-01 11:30:00' WHERE id = 1",
                updated("moment_parent", Map.of("id", 1, "at", "2024-01-31T10:00:00.25"), Map.of("at", "2024-02-01 11:30:00")));
        changeBoth("DELETE FROM moment_parent WHERE id = 2", deleted("moment_parent", Map.of("id", 2, "at", "2024-03-01")));
        changeBoth("UPDATE stamp_parent SET at = '2024-02-01 11:30:00' WHERE id = 1",
                updated("stamp_parent", Map.of("id", 1, "at", "2024-01-31 10:00:00"), Map.of("at", "2024-02-01 11:30:00")));
        changeBoth("DELETE FROM stamp_parent WHERE id = 2", deleted("stamp_parent", Map.of("id", 2, "at", "2024-03-01 00:00:00")));

        assertSameAsInnoDb("moment_child", "at");
        assertSameAsInnoDb("stamp_child", "at");
        assertThat(rows("SELECT CAST(at AS CHAR) FROM moment_child")).containsExactly("2024-02-01 11:30:00.000");
        assertThat(rows("SELECT CAST(at AS CHAR) FROM stamp_child")).containsExactly("2024-02-01 11:30:00");
    }

    /** Runs the statement here and on the twin. */
    private void both(String statement) {
        sql(statement);
        sql(statement.replaceFirst("(INTO|FROM|UPDATE) (\\w+)", "$1 `" + twin + "`.$2"));
    }

    /** The parent change on both sides; InnoDB cascades on the twin, the cleanup service here, from the event. */
    private void changeBoth(String statement, dev.ricascade.events.ChangeEvent event) {
        both(statement);
        awaitDone(publish(event));
    }

    private void assertSameAsInnoDb(String table, String column) {
        String query = "SELECT CONCAT(id, '=', COALESCE(HEX(`" + column + "`), 'NULL')) FROM %s ORDER BY id";
        List<String> innoDb = rows(query.formatted("`" + twin + "`.`" + table + "`"));
        assertThat(rows(query.formatted("`" + table + "`"))).as(table + " against InnoDB's").isEqualTo(innoDb);
    }
}
