package dev.ricascade.api.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.api.cascadestatus.CascadeStatusRepository;
import dev.ricascade.manifest.ManifestLoader;

/**
 * Whether a value is the one a pending change freed is the column's business: under {@code utf8mb4_unicode_ci}
 * {@code straße} is {@code strasse} and trailing spaces do not count, under {@code utf8mb4_bin} letter case does,
 * and a DATE key matches its literal. Java's {@code equals} would judge each of these the other way.
 */
class FreedValuesIntegrationTests {

    private static final String MANIFEST = """
            relationships:
              - name: posts_handle
                child: posts(handle)
                parent: accounts(handle)
                on-delete: cascade
                on-update: cascade
              - name: uses_code
                child: uses(code)
                parent: vouchers(code)
                on-delete: cascade
                on-update: cascade
              - name: bookings_day
                child: bookings(day)
                parent: days(day)
                on-delete: cascade
            """;

    private static final List<String> TABLES = List.of(
            "accounts (id BIGINT PRIMARY KEY, handle VARCHAR(50) COLLATE utf8mb4_unicode_ci NOT NULL, UNIQUE KEY (handle))",
            "posts (id BIGINT PRIMARY KEY, handle VARCHAR(50) COLLATE utf8mb4_unicode_ci NOT NULL, KEY (handle))",
            "vouchers (id BIGINT PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, UNIQUE KEY (code))",
            "uses (id BIGINT PRIMARY KEY, code VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, KEY (code))",
            "days (id BIGINT PRIMARY KEY, day DATE NOT NULL, UNIQUE KEY (day))",
            "bookings (id BIGINT PRIMARY KEY, day DATE NOT NULL, KEY (day))");

    private static PendingChangeDatabase database;
    private static JdbcClient jdbc;
    private static PendingChanges pending;
    private static FreedValues freedValues;
    private static PendingChangeCleaner cleaner;

    @BeforeAll
    static void schema() {
        database = new PendingChangeDatabase(TABLES);
        jdbc = database.jdbc();
    }

    @AfterAll
    static void drop() {
        database.close();
    }

    @BeforeEach
    void empty() {
        for (String table : List.of("accounts", "posts", "vouchers", "uses", "days", "bookings", "ri_pending_change")) {
            jdbc.sql("DELETE FROM " + table).update();
        }
        jdbc.sql("DROP TABLE IF EXISTS ri_cascade_status").update();
        apiNotYetSeeingTheStatusTable();
    }

    /** The API's pieces, new: the status reader remembers the table once seen, and each test starts without it. */
    private static void apiNotYetSeeingTheStatusTable() {
        var graph = ManifestLoader.load(MANIFEST, "test manifest").graph();
        CascadeStatusRepository statuses = new CascadeStatusRepository(jdbc);
        pending = new PendingChanges(jdbc, statuses);
        freedValues = new FreedValues(jdbc, graph, new TableKeys(new LiveTables(database.dataSource())), pending);
        cleaner = new PendingChangeCleaner(jdbc, statuses, new ApiProperties(null, "ri.events", null,
                new ApiProperties.Pending(Duration.ofSeconds(2), Duration.ofMinutes(1))));
    }

    @Test
    void underUnicodeCiAFreedStrasseIsStillTakenAsStrasseAndWithTrailingSpaces() {
        String event = deleted("accounts", Map.of("id", 1L, "handle", "straße"));

        assertWaitsFor(event, () -> insert("accounts", 2, "handle", "strasse"));
        assertWaitsFor(event, () -> insert("accounts", 2, "handle", "STRASSE  "));
        assertFree(() -> insert("accounts", 2, "handle", "strase"));
    }

    @Test
    void underABinaryCollationOnlyTheSameBytesAreTheFreedValue() {
        String event = deleted("vouchers", Map.of("id", 1L, "code", "Abc"));

        assertWaitsFor(event, () -> insert("vouchers", 2, "code", "Abc"));
        assertFree(() -> insert("vouchers", 2, "code", "abc"));
    }

    @Test
    void aDateKeyMatchesTheFreedDateWhateverTheTypeItWasReadAs() {
        String event = deleted("days", Map.of("id", 1L, "day", Date.valueOf("2024-02-29")));

        assertWaitsFor(event, () -> insert("days", 2, "day", "2024-02-29"));
        assertFree(() -> insert("days", 2, "day", "2024-03-01"));
    }

    @Test
    void aValueIsFreeOnceItsCascadeIsDoneAndTheCleanerForgetsIt() {
        String event = deleted("accounts", Map.of("id", 1L, "handle", "ada"));
        assertWaitsFor(event, () -> insert("accounts", 2, "handle", "ADA"));

        jdbc.sql("CREATE TABLE ri_cascade_status (event_id VARCHAR(200) COLLATE utf8mb4_general_ci PRIMARY KEY, "
                + "state VARCHAR(16) NOT NULL)").update();
        jdbc.sql("INSERT INTO ri_cascade_status VALUES (?, 'running')").param(event).update();
        assertWaitsFor(event, () -> insert("accounts", 2, "handle", "ADA"));
        assertThat(cleaner.deleteFinished()).isZero();

        jdbc.sql("UPDATE ri_cascade_status SET state = 'done' WHERE event_id = ?").param(event).update();
        assertFree(() -> insert("accounts", 2, "handle", "ADA"));
        assertThat(cleaner.deleteFinished()).isOne();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ri_pending_change").query(Long.class).single()).isZero();
    }

    @Test
    void orphansThatNoRowHoldsAreNotAdoptedButAnotherRowsChildrenAreNotOrphans() {
        jdbc.sql("INSERT INTO posts VALUES (1, 'Lost')").update();

        assertThatThrownBy(() -> database.rolledBack(() -> insert("accounts", 2, "handle", "lost")))
                .isInstanceOfSatisfying(PendingCascadeException.class, e -> assertThat(e.eventId()).isNull())
                .hasMessageContaining("orphans").hasMessageContaining("posts_handle");
        assertFree(() -> insert("accounts", 3, "handle", "found"));
    }

    /** The main action's record, as ParentChanges writes it with the delete. */
    private static String deleted(String table, Map<String, ?> oldValues) {
        String event = UUID.randomUUID().toString();
        database.inTransaction(() -> pending.deleted(event, table, oldValues));
        return event;
    }

    /** Inserts a parent row and checks its values are free, as an API write does. */
    private static void insert(String table, long id, String column, Object value) {
        jdbc.sql("INSERT INTO " + table + " (id, " + column + ") VALUES (?, ?)").params(id, value).update();
        freedValues.requireFree(table, Map.of("id", id));
    }

    private static void assertWaitsFor(String event, Runnable write) {
        assertThatThrownBy(() -> database.rolledBack(write))
                .isInstanceOfSatisfying(PendingCascadeException.class, e -> assertThat(e.eventId()).isEqualTo(event))
                .hasMessageContaining("is not free yet");
    }

    private static void assertFree(Runnable write) {
        assertThatCode(() -> database.rolledBack(() -> {
            write.run();
            throw new RolledBack();
        })).isInstanceOf(RolledBack.class);
    }

    private static final class RolledBack extends RuntimeException {
    }
}
