package dev.ricascade.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.ricascade.api.ApiClient.Response;
import dev.ricascade.testing.TestNamespace;

/**
 * A write that InnoDB picks as a deadlock's victim is run again by the API ({@link RetriedOnDeadlock}) instead of
 * answering 503. The deadlock is made on purpose: another transaction, heavier (it has changed many rows, so InnoDB
 * rolls back the API's), locks the customer the API's live-parent check waits for, then asks for the order the API
 * already holds for share.
 */
@ApiIntegrationTest
class DeadlockRetryIntegrationTests {

    private static final String DEADLOCKS = "SELECT COUNT FROM information_schema.INNODB_METRICS WHERE NAME = 'lock_deadlocks'";
    private static final String API_WAITING = """
            SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT' AND trx_mysql_thread_id <> ?""";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestNamespace namespace;

    ApiClient api;

    @BeforeEach
    void connect() {
        api = new ApiClient(port);
    }

    @Test
    void aWriteChosenAsADeadlocksVictimIsRunAgainAndSucceeds() throws Exception {
        long customer = api.post("/api/customers", """
                {"name": "Ada", "email": "ada@example.org"}""").number("id");
        api.post("/api/items", """
                {"name": "hammer", "price": 9.50}""");
        long order = api.post("/api/orders", """
                {"customerId": %d}""".formatted(customer)).number("number");
        jdbc.sql("CREATE TABLE ballast (n INT NOT NULL PRIMARY KEY, v INT NOT NULL)").update();
        jdbc.sql("INSERT INTO ballast (n, v) SELECT seq, 0 FROM (SELECT a.n * 10 + b.n AS seq FROM "
                + "(SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 "
                + "UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) a, (SELECT 0 n UNION SELECT 1 UNION SELECT 2 UNION SELECT 3 "
                + "UNION SELECT 4 UNION SELECT 5 UNION SELECT 6 UNION SELECT 7 UNION SELECT 8 UNION SELECT 9) b) s").update();
        long deadlocksBefore = jdbc.sql(DEADLOCKS).query(Long.class).single();

        Response answer;
        try (Connection other = namespace.connect()) {
            other.setAutoCommit(false);
            long otherThread;
            try (Statement statement = other.createStatement(); ResultSet id = statement.executeQuery("SELECT CONNECTION_ID()")) {
                id.next();
                otherThread = id.getLong(1);
                statement.executeUpdate("UPDATE ballast SET v = v + 1");
                statement.executeQuery("SELECT id FROM customers WHERE id = " + customer + " FOR UPDATE").close();
            }
            CompletableFuture<Response> line = CompletableFuture.supplyAsync(() -> api.post("/api/orders/" + order + "/lines", """
                    {"item": "hammer", "quantity": 2}"""));
            await("the API's transaction waits for the customer's lock").atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql(API_WAITING).param(otherThread).query(Long.class).single() > 0);
            try (PreparedStatement lockOrder = other.prepareStatement("SELECT id FROM orders WHERE id = ? FOR UPDATE")) {
                lockOrder.setLong(1, order);
                lockOrder.executeQuery().close(); // closes the cycle: InnoDB rolls back the lighter transaction, the API's
            }
            other.commit();
            answer = line.get(30, TimeUnit.SECONDS);
        }

        assertThat(jdbc.sql(DEADLOCKS).query(Long.class).single()).as("deadlocks InnoDB detected").isGreaterThan(deadlocksBefore);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT quantity FROM order_lines WHERE order_id = ?").param(order).query(Integer.class).list())
                .as("the line, added once").containsExactly(2);
    }
}
