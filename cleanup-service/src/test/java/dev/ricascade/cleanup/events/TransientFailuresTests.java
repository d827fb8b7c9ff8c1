package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

import dev.ricascade.cleanup.cascade.RejectedEventException;

/** Which failures the listener retries in place and which it dead-letters at once. */
class TransientFailuresTests {

    private static SQLException server(int code, String state, String message) {
        return new SQLException(message, state, code);
    }

    private static UncategorizedSQLException spring(SQLException cause) {
        return new UncategorizedSQLException("PreparedStatementCallback", "DELETE FROM `orders` WHERE ...", cause);
    }

    @Test
    void locksDeadlocksAndServersGoingAwayPass() {
        assertThat(TransientFailures.isTransient(new CannotAcquireLockException("lock",
                server(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction")))).isTrue();
        assertThat(TransientFailures.isTransient(spring(server(1213, "40001", "Deadlock found")))).isTrue();
        assertThat(TransientFailures.isTransient(spring(server(0, "40001", "serialization failure")))).isTrue();
        assertThat(TransientFailures.isTransient(spring(server(1053, "08S01", "Server shutdown in progress")))).isTrue();
        assertThat(TransientFailures.isTransient(spring(server(1927, "70100", "Connection was killed")))).isTrue();
        assertThat(TransientFailures.isTransient(spring(server(1040, "08004", "Too many connections")))).isTrue();
        assertThat(TransientFailures.isTransient(spring(new SQLNonTransientConnectionException(
                "Communications link failure", "08S01")))).isTrue();
    }

    @Test
    void aConnectionThePoolCannotGetPassesUnlessTheServerRefusedTheAccount() {
        SQLException lost = new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request "
                + "timed out after 30000ms", "08S01", new ConnectException("Connection refused"));
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                lost))).isTrue();
        SQLException busy = new SQLTransientConnectionException("HikariPool-1 - Connection is not available");
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("no connection", busy))).isTrue();

        SQLException denied = new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "28000",
                server(1045, "28000", "Access denied for user 'ricascade'@'%'"));
        assertThat(TransientFailures.isTransient(new CannotGetJdbcConnectionException("no connection", denied))).isFalse();
    }

    @Test
    void errorsThatFailTheSameWayEveryTimeAreDeadLettered() {
        assertThat(TransientFailures.isTransient(new DuplicateKeyException("dup", new SQLIntegrityConstraintViolationException(
                "Duplicate entry 'p4@x.org-news' for key 'uk_newsletter_subscriptions_email_topic'", "23000", 1062)))).isFalse();
        assertThat(TransientFailures.isTransient(new BadSqlGrammarException("update", "UPDATE ...", new SQLSyntaxErrorException(
                "UPDATE command denied to user 'ricascade'@'%' for table 'orders'", "42000", 1142)))).isFalse();
        assertThat(TransientFailures.isTransient(spring(server(1143, "42000", "SELECT command denied for column")))).isFalse();
        assertThat(TransientFailures.isTransient(spring(server(1044, "42000", "Access denied to database")))).isFalse();
        assertThat(TransientFailures.isTransient(new DataIntegrityViolationException("too long",
                server(1406, "22001", "Data too long for column 'customer_email'")))).isFalse();
        assertThat(TransientFailures.isTransient(spring(server(1644, "45000", "subscriptions are frozen")))).as("SIGNAL")
                .isFalse();
        assertThat(TransientFailures.isTransient(spring(server(1054, "42S22", "Unknown column 'x'")))).isFalse();
        assertThat(TransientFailures.isTransient(spring(server(1153, "08S01",
                "Got a packet bigger than 'max_allowed_packet' bytes")))).as("packet too large, though 08S01").isFalse();
        assertThat(TransientFailures.isTransient(spring(new com.mysql.cj.jdbc.exceptions.PacketTooBigException(
                "Packet for query is too large")))).isFalse();
    }

    @Test
    void theErrorCodeDecidesOverSpringsCategory() {
        // Spring files 1205 under a transient type and 1062 under a non-transient one; the code agrees, and rules
        assertThat(TransientFailures.isTransient(new TransientDataAccessResourceException("odd",
                server(1062, "23000", "Duplicate entry")))).isFalse();
        assertThat(TransientFailures.isTransient(new PermissionDeniedDataAccessException("odd",
                server(1213, "40001", "Deadlock found")))).isTrue();
    }

    @Test
    void withoutAnSqlExceptionSpringsTransientTypesAndTheBrokerPass() {
        assertThat(TransientFailures.isTransient(new QueryTimeoutException("timed out"))).isTrue();
        assertThat(TransientFailures.isTransient(new AmqpConnectException(new ConnectException("refused")))).isTrue();
        assertThat(TransientFailures.isTransient(new MessageConversionException("not JSON"))).isFalse();
        assertThat(TransientFailures.isTransient(new PermissionDeniedDataAccessException("denied", null))).isFalse();
        assertThat(TransientFailures.isTransient(new RejectedEventException("the row still exists"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("a bug"))).isFalse();
        assertThat(TransientFailures.isTransient(new RuntimeException("wrapped",
                new CannotAcquireLockException("lock", server(1205, "HY000", "Lock wait timeout"))))).isTrue();
    }
}
