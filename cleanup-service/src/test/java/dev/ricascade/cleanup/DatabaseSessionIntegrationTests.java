package dev.ricascade.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The service's connections start with the session its statements are written for ({@code application.yml}'s
 * {@code connection-init-sql} and {@code transaction-isolation}), on MariaDB and MySQL alike.
 */
class DatabaseSessionIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private TransactionOperations transactions;

    /**
     * READ COMMITTED: a cascade's delete locks the rows it deletes and not the gaps beside them. Under REPEATABLE READ
     * its range scan also locked the gap up to the next order's first line, so an application adding a line to that
     * order, which sorts first, waited for the cascade's commit.
     */
    @Test
    void aCascadeDeleteLeavesTheNeighbouringRowsToTheApplication() {
        sql("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (1, 1, 1), (1, 2, 1), (2, 1, 1)");
        transactions.executeWithoutResult(tx -> {
            assertThat(jdbc.sql("DELETE FROM order_lines WHERE order_id IN (1) LIMIT 100").update()).isEqualTo(2);
            try (Connection application = DriverManager.getConnection(namespace.jdbcUrl(),
                    namespace.databaseServer().user(), namespace.databaseServer().password());
                 Statement statement = application.createStatement()) {
                statement.execute("SET SESSION innodb_lock_wait_timeout = 1");
                assertThat(statement.executeUpdate("INSERT INTO order_lines (order_id, item_id, quantity) VALUES (2, 0, 1)"))
                        .as("a line of the next order, added while the cascade's transaction is open").isEqualTo(1);
            } catch (SQLException e) {
                throw new AssertionError("the application waited for the cascade's transaction: " + e.getMessage(), e);
            }
        });
        assertThat(count("order_lines")).isEqualTo(2);
    }

    @Test
    void aKeysetSelectOverThousandsOfParentsStaysARangeScan() {
        String parents = IntStream.range(0, 2000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        List<Map<String, Object>> plan = jdbc.sql("EXPLAIN SELECT order_id, item_id FROM order_lines WHERE order_id IN ("
                + parents + ") ORDER BY order_id, item_id LIMIT 100").query().listOfRows();
        // MariaDB's conversion of the IN list into a join with a table of its values shows as more SELECTs
        assertThat(plan).as(plan.toString()).hasSize(1);
        assertThat(plan.get(0).get("table")).isEqualTo("order_lines");
        if (jdbc.sql("SELECT VERSION()").query(String.class).single().contains("MariaDB")) {
            assertThat(jdbc.sql("SELECT @@SESSION.in_predicate_conversion_threshold").query(Long.class).single()).isZero();
        }
    }
}
