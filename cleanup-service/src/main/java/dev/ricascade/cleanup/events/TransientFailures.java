package dev.ricascade.cleanup.events;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that can pass (the connection, a lock, a server restarting, the broker) from one that
 * will fail the same way however often it is retried (a duplicate key, a missing privilege, data too
 * long, a trigger's SIGNAL). Decided by the database's own error code and SQLState, found in the cause
 * chain, never by message text: only when no SQLException says anything do Spring's and the broker
 * client's exception types decide.
 */
final class TransientFailures {

    /** MySQL and MariaDB error codes of conditions that pass. */
    private static final Set<Integer> PASSING = Set.of(
            1040, // too many connections
            1053, // server shutdown in progress
            1205, // lock wait timeout exceeded
            1213, // deadlock found when trying to get lock
            1927, // MariaDB: connection was killed (the server is restarting)
            3169, // MySQL: session was killed
            4031, // MySQL: disconnected by the server for inactivity
            2002, 2003, 2006, 2013); // the client cannot connect, the server has gone away, connection lost
    /** Reported with SQLState 08S01, yet the same statement will be too large next time too. */
    private static final int PACKET_TOO_LARGE = 1153;

    static boolean isTransient(Throwable failure) {
        SQLException outermost = null;
        SQLException coded = null;
        boolean transientType = false;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable e = failure; e != null && seen.add(e); e = e.getCause()) {
            if (e instanceof SQLException sql) {
                outermost = outermost == null ? sql : outermost;
                coded = coded == null && sql.getErrorCode() != 0 ? sql : coded;
            }
            transientType |= transientType(e);
        }
        // the server's error code says most; a pool's wrapper (code 0, perhaps a SQLState) only when none is given
        SQLException decisive = coded != null ? coded : outermost;
        return decisive != null ? isTransient(decisive) : transientType;
    }

    private static boolean isTransient(SQLException sql) {
        int code = sql.getErrorCode();
        String state = sql.getSQLState();
        if (code == PACKET_TOO_LARGE) {
            return false;
        }
        if (PASSING.contains(code)) {
            return true;
        }
        // class 08: connection exceptions (08S01 communications link failure); 40001: serialization failure
        if (state != null && (state.startsWith("08") || state.equals("40001"))) {
            return true;
        }
        if (code != 0) {
            return false;
        }
        return sql instanceof SQLTransientException || sql instanceof SQLRecoverableException;
    }

    private static boolean transientType(Throwable e) {
        if (e instanceof MessageConversionException || e instanceof AmqpRejectAndDontRequeueException) {
            return false;
        }
        return e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                || e instanceof CannotGetJdbcConnectionException || e instanceof CannotCreateTransactionException
                || e instanceof AmqpException;
    }

    private TransientFailures() {
    }
}
