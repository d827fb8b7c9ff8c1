package dev.ricascade.api.cascadestatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.ricascade.api.cascadestatus.CascadeStatus.RelationshipProgress;
import dev.ricascade.testing.TestNamespace;

/**
 * The API's one reader of the cleanup service's status tables, against the real database: the tables as the
 * cleanup service creates them, and before it has.
 */
class CascadeStatusRepositoryIntegrationTests {

    private static final String STATUS = """
            CREATE TABLE ri_cascade_status (
                event_id VARCHAR(200) NOT NULL PRIMARY KEY,
                entity VARCHAR(64) NOT NULL,
                action VARCHAR(16) NOT NULL,
                state VARCHAR(16) NOT NULL,
                detail VARCHAR(1000) NULL,
                event TEXT NULL,
                started_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
                finished_at TIMESTAMP(3) NULL)""";
    private static final String ROWS = """
            CREATE TABLE ri_cascade_rows (
                event_id VARCHAR(200) NOT NULL,
                relationship VARCHAR(64) NOT NULL,
                deleted BIGINT NOT NULL DEFAULT 0,
                nulled BIGINT NOT NULL DEFAULT 0,
                rewritten BIGINT NOT NULL DEFAULT 0,
                violations BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (event_id, relationship))""";

    private static TestNamespace namespace;
    private static JdbcClient jdbc;
    private static CascadeStatusRepository statuses;

    @BeforeAll
    static void connect() {
        namespace = TestNamespace.create();
        jdbc = JdbcClient.create(new DriverManagerDataSource(namespace.jdbcUrl(), namespace.databaseServer().user(),
                namespace.databaseServer().password()));
    }

    @AfterAll
    static void drop() {
        namespace.close();
    }

    /** An API started before the cleanup service: it has not seen the tables (it remembers them once seen). */
    @BeforeEach
    void noTablesYet() {
        jdbc.sql("DROP TABLE IF EXISTS ri_cascade_status, ri_cascade_rows").update();
        statuses = new CascadeStatusRepository(jdbc);
    }

    @Test
    void beforeTheCleanupServiceCreatedItsTablesNoCascadeHasStartedAndNoQueryRuns() {
        assertThat(statuses.progress("e1")).isEmpty();
        assertThat(statuses.rows("e1")).isEmpty();
        assertThat(statuses.read(() -> "read", () -> "before")).isEqualTo("before");

        createTables();
        jdbc.sql("INSERT INTO ri_cascade_status (event_id, entity, action, state) VALUES ('e1', 't', 'deleted', 'done')")
                .update();
        jdbc.sql("INSERT INTO ri_cascade_rows (event_id, relationship, deleted) VALUES ('e1', 'r', 1)").update();

        assertThat(statuses.progress("e1")).as("read once the cleanup service created them").isPresent();
        assertThat(statuses.rows("e1")).containsExactly(new RelationshipProgress("r", 1, 0, 0, 0));
        assertThat(statuses.read(() -> "read", () -> "before")).isEqualTo("read");
    }

    @Test
    void theFinishedConditionNeedsOnlyTheStatusTable() {
        jdbc.sql(STATUS).update();
        jdbc.sql("INSERT INTO ri_cascade_status (event_id, entity, action, state) VALUES ('e1', 't', 'deleted', 'done')")
                .update();

        assertThat(statuses.read(() -> jdbc.sql("SELECT 'e1' AS id FROM DUAL WHERE "
                + CascadeStatusRepository.finished("'e1'")).query(String.class).list(), List::of)).containsExactly("e1");
        assertThat(statuses.progress("e1")).isPresent();
        assertThat(statuses.rows("e1")).as("ri_cascade_rows not created yet").isEmpty();
    }

    @Test
    void readsTheProgressAndTheRowsPerRelationshipTheCleanupServiceRecorded() {
        createTables();
        jdbc.sql("INSERT INTO ri_cascade_status (event_id, entity, action, state, detail, finished_at) "
                + "VALUES ('e1', 'customers', 'deleted', 'done', 'all good', CURRENT_TIMESTAMP(3))").update();
        jdbc.sql("INSERT INTO ri_cascade_rows (event_id, relationship, deleted, nulled, rewritten, violations) "
                + "VALUES ('e1', 'orders_customer', 3, 0, 0, 0), ('e1', 'customers_referrer', 0, 1, 0, 2)").update();

        CascadeStatusRepository.Progress progress = statuses.progress("e1").orElseThrow();

        assertThat(progress.routingKey()).isEqualTo("customers.deleted");
        assertThat(progress.state()).isEqualTo("done");
        assertThat(progress.detail()).isEqualTo("all good");
        assertThat(progress.startedAt()).isNotNull();
        assertThat(progress.finishedAt()).isNotNull().isAfterOrEqualTo(progress.startedAt());
        assertThat(statuses.rows("e1")).containsExactly(
                new RelationshipProgress("customers_referrer", 0, 1, 0, 2),
                new RelationshipProgress("orders_customer", 3, 0, 0, 0));
        assertThat(statuses.progress("e2")).isEmpty();
    }

    @Test
    void theFinishedConditionHoldsForDoneAndFailedEventsOnly() {
        createTables();
        jdbc.sql("INSERT INTO ri_cascade_status (event_id, entity, action, state) VALUES "
                + "('done', 't', 'deleted', 'done'), ('failed', 't', 'deleted', 'failed'), "
                + "('running', 't', 'deleted', 'running')").update();

        List<String> finished = statuses.read(() -> jdbc.sql("SELECT e.id FROM (SELECT 'done' AS id UNION ALL "
                        + "SELECT 'failed' UNION ALL SELECT 'running' UNION ALL SELECT 'unknown') e WHERE "
                        + CascadeStatusRepository.finished("e.id") + " ORDER BY e.id").query(String.class).list(),
                List::of);

        assertThat(finished).containsExactly("done", "failed");
    }

    @Test
    void aQueryErrorOnTablesThatExistIsNotTakenForTablesNotCreatedYet() {
        createTables();
        jdbc.sql("ALTER TABLE ri_cascade_status DROP COLUMN detail").update();

        assertThatThrownBy(() -> statuses.progress("e1")).isInstanceOf(BadSqlGrammarException.class)
                .hasMessageContaining("detail");
    }

    private static void createTables() {
        jdbc.sql(STATUS).update();
        jdbc.sql(ROWS).update();
    }
}
