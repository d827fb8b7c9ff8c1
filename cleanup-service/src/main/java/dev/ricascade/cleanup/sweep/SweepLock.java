package dev.ricascade.cleanup.sweep;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

/**
 * The fleet-wide lock that lets one replica sweep at a time: ShedLock over JDBC, in table
 * {@code ri_shedlock}, with the database's clock so that replicas' clocks do not matter. While a
 * sweep runs the lock is extended (every half of lock-at-most-for), so a long sweep keeps it and a
 * replica that dies mid-sweep releases it soon.
 */
@Component
class SweepLock implements DisposableBean {

    /** Created by the service's migration; named like its other tables ({@code ri_*}), which test set-ups keep. */
    static final String TABLE = "ri_shedlock";

    // the lock's row measured with the clock ShedLock writes it with (usingDbTime: UTC_TIMESTAMP on MySQL and MariaDB)
    private static final String STATE = """
            SELECT `locked_by`,
                   TIMESTAMPDIFF(MICROSECOND, `locked_at`, UTC_TIMESTAMP(3)) DIV 1000 AS since_ms,
                   TIMESTAMPDIFF(MICROSECOND, UTC_TIMESTAMP(3), `lock_until`) DIV 1000 AS remaining_ms,
                   TIMESTAMPDIFF(MICROSECOND, `locked_at`, `lock_until`) DIV 1000 AS held_ms
            FROM `ri_shedlock`
            WHERE `name` = ?
            """;

    /**
     * Who holds a lock and for how long, as the database's clock says.
     *
     * @param lockedBy        the host that took it
     * @param sinceLockedAt   how long ago it was taken, that is when the last run started
     * @param remaining       how long it is still held (negative once it has lapsed)
     * @param heldFor         from taking to {@code lock_until}: lock-at-least-for once a run has finished, at least
     *                        lock-at-most-for while one runs (its keep-alive extends it)
     */
    record LockState(String lockedBy, Duration sinceLockedAt, Duration remaining, Duration heldFor) {
    }

    private final JdbcTemplate jdbc;
    // not a bean, so that it cannot become the application's task scheduler
    private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sweep-lock-keep-alive");
        thread.setDaemon(true);
        return thread;
    });
    private final LockingTaskExecutor executor;

    SweepLock(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        JdbcTemplateLockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(jdbc).withTableName(TABLE).usingDbTime().build());
        this.executor = new DefaultLockingTaskExecutor(new KeepAliveLockProvider(provider, keepAlive));
    }

    /** Runs the task holding the lock, or returns empty at once when someone else holds it. */
    <T> Optional<T> runExclusively(String name, Instant now, Duration atMostFor, Duration atLeastFor, Supplier<T> task) {
        TaskResult<T> result;
        try {
            result = executor.executeWithLock(task::get, new LockConfiguration(now, name, atMostFor, atLeastFor));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(name + " failed", e);
        }
        return result.wasExecuted() ? Optional.of(result.getResult()) : Optional.empty();
    }

    /** The lock's row, if it was ever taken. */
    Optional<LockState> state(String name) {
        return jdbc.query(STATE, (rs, i) -> new LockState(rs.getString(1), Duration.ofMillis(rs.getLong(2)),
                Duration.ofMillis(rs.getLong(3)), Duration.ofMillis(rs.getLong(4))), name).stream().findFirst();
    }

    @Override
    public void destroy() {
        keepAlive.shutdownNow();
    }
}
