package dev.ricascade.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.sql.SQLException;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.resilience.annotation.Retryable;
import org.springframework.resilience.retry.MethodRetryPredicate;

/**
 * A write whose transaction InnoDB chose as a deadlock's victim is run again, in a new transaction, up to three
 * times, before the client is told 503. InnoDB rolls the victim back whole, so running it again is safe, and it
 * is the everyday cost of checking live parents with shared locks while the cleanup service deletes beside them.
 * A lock wait timeout is not retried: it has waited {@code innodb_lock_wait_timeout} already.
 * <p>
 * Only on the method that opens the transaction: the retry must wrap the whole of it, never a part of a
 * transaction that the deadlock already rolled back.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Retryable(includes = PessimisticLockingFailureException.class, predicate = RetriedOnDeadlock.Deadlock.class,
        maxRetries = 3, delay = 10, multiplier = 2, jitter = 5)
public @interface RetriedOnDeadlock {

    /**
     * Spring reports a deadlock and a lock wait timeout alike (both {@code CannotAcquireLockException}, SQLState
     * 40001); the server's error code tells them apart: 1213, {@code ER_LOCK_DEADLOCK}, on MySQL and MariaDB.
     */
    final class Deadlock implements MethodRetryPredicate {

        static final int ER_LOCK_DEADLOCK = 1213;

        @Override
        public boolean shouldRetry(Method method, Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && sql.getErrorCode() == ER_LOCK_DEADLOCK) {
                    return true;
                }
            }
            return false;
        }
    }
}
