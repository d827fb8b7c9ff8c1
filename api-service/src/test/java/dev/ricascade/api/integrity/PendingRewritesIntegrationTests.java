package dev.ricascade.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.cascadestatus.CascadeStatusRepository;
import dev.ricascade.manifest.ManifestLoader;

/**
 * A child row written with the old value of a pending key change of its parent waits for that change's cascade,
 * whatever the manifest calls the tables, for ON UPDATE CASCADE and SET NULL alike, and only as the column compares:
 * {@code straße} is {@code STRASSE} under {@code utf8mb4_unicode_ci}, {@code abc} is not {@code Abc} under
 * {@code utf8mb4_bin}.
 */
class PendingRewritesIntegrationTests {

    private static final String MANIFEST = """
            relationships:
              - name: tags_label
                child: tags(label)
                parent: labels(name)
                on-delete: cascade
                on-update: set-null
              - name: uses_code
                child: uses(code)
                parent: vouchers(code)
                on-delete: cascade
                on-update: cascade
              - name: audits_code
                child: audits(code)
                parent: vouchers(code)
                on-delete: cascade
                on-update: restrict
            """;

    private static final List<String> TABLES = List.of(
            "labels (id BIGINT PRIMARY KEY, name VARCHAR(50) COLLATE utf8mb4_unicode_ci NOT NULL, UNIQUE KEY (name))",
            "tags (id BIGINT PRIMARY KEY, label VARCHAR(50) COLLATE utf8mb4_unicode_ci NULL, KEY (label))",
            "vouchers (id BIGINT PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY (code))",
            "uses (id BIGINT PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, note VARCHAR(20), KEY (code))",
            "audits (id BIGINT PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, KEY (code))");

    private static PendingChangeDatabase database;
    private static JdbcClient jdbc;
    private static PendingChanges pending;
    private static PendingRewrites rewrites;

    @BeforeAll
    static void schema() {
        database = new PendingChangeDatabase(TABLES);
        jdbc = database.jdbc();
        var graph = ManifestLoader.load(MANIFEST, "test manifest").graph();
        LiveTables tables = new LiveTables(database.dataSource());
        pending = new PendingChanges(jdbc, new CascadeStatusRepository(jdbc));
        rewrites = new PendingRewrites(jdbc, graph, new TableKeys(tables), new UniqueKeys(tables), pending);
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @BeforeEach
    void empty() {
        for (String table : List.of("labels", "tags", "vouchers", "uses", "audits", "ri_pending_change")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
    }

    @Test
    void aRowWrittenWithTheOldValueOfAPendingSetNullChangeWaitsAsTheCollationComparesIt() {
        jdbc.sql("INSERT INTO labels VALUES (1, 'STRASSE')").update();
        String event = updated("labels", Map.of("id", 1L, "name", "straße"), Map.of("name", "STRASSE"));

        assertWaitsFor(event, () -> insert("tags", 2, "label", "strasse"));
        assertNotRefused(() -> insert("tags", 2, "label", "strase"));
        assertNotRefused(() -> insert("tags", 2, "label", null));
    }

    @Test
    void underABinaryCollationOnlyTheOldBytesWait() {
        jdbc.sql("INSERT INTO vouchers VALUES (1, 'abc')").update();
        String event = updated("vouchers", Map.of("id", 1L, "code", "Abc"), Map.of("code", "abc"));

        assertWaitsFor(event, () -> insert("uses", 2, "code", "Abc"));
        assertNotRefused(() -> insert("uses", 2, "code", "abc"));
        assertNotRefused(() -> insert("audits", 2, "code", "Abc")); // ON UPDATE RESTRICT: the cascade rewrites nothing
    }

    @Test
    void aRowThatReferencedTheOldValueBeforeTheChangeIsTheCascadesButOneRePointedToItWaits() {
        jdbc.sql("INSERT INTO uses VALUES (2, 'Abc', NULL), (3, 'xyz', NULL)").update();
        String event = updated("vouchers", Map.of("id", 1L, "code", "Abc"), Map.of("code", "ABC"));

        assertNotRefused(() -> update("uses", 2, "note", "seen"));
        assertWaitsFor(event, () -> update("uses", 3, "code", "Abc"));
    }

    /** The main action's record, as ParentChanges writes it with the update. */
    private static String updated(String table, Map<String, ?> oldValues, Map<String, ?> newValues) {
        String event = UUID.randomUUID().toString();
        database.inTransaction(() -> pending.updated(event, table, oldValues, newValues));
        return event;
    }

    /** Inserts a child row and checks it, as an API write does. */
    private static void insert(String table, long id, String column, Object value) {
        jdbc.sql("INSERT INTO " + table + " (id, " + column + ") VALUES (?, ?)").params(id, value).update();
        rewrites.requireNotRewritten(table, Map.of("id", id));
    }

    /** Changes a column of a child row and checks it, as ParentChanges does. */
    private static void update(String table, long id, String column, Object value) {
        jdbc.sql("UPDATE " + table + " SET " + column + " = ? WHERE id = ?").params(value, id).update();
        rewrites.requireNotRewritten(table, Map.of("id", id), Set.of(column));
    }

    private static void assertWaitsFor(String event, Runnable write) {
        assertThatThrownBy(() -> database.rolledBack(write))
                .isInstanceOfSatisfying(PendingCascadeException.class, e -> assertThat(e.eventId()).isEqualTo(event))
                .hasMessageContaining("Retry once the cascade is done");
    }

    private static void assertNotRefused(Runnable write) {
        assertThatCode(() -> database.rolledBack(write)).doesNotThrowAnyException();
    }
}
