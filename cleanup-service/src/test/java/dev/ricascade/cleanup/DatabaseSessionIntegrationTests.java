package dev.ricascade.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The service's connections start with the session its statements are written for ({@code application.yml}'s
 * {@code connection-init-sql}), on MariaDB and MySQL alike.
 */
class DatabaseSessionIntegrationTests extends CleanupIntegrationTest {

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
