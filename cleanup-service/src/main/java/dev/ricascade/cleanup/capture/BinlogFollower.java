package dev.ricascade.cleanup.capture;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.network.ServerException;

/**
 * Follows the binlog with mysql-binlog-connector-java: takes the capture lock, checks the server's settings,
 * resumes from the stored position (or, on the very first start, from the binlog's current end, storing that at
 * once), and hands every committed transaction to the relay through a bounded queue, which slows reading down
 * when publishing lags. After a broken connection it resumes after the last transaction it handed on; when the
 * position it needs has been purged from the server, it stops with health DOWN and says what to do.
 */
final class BinlogFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(BinlogFollower.class);

    /** What a capture run is made of. */
    record Parts(javax.sql.DataSource dataSource, CapturePositions positions, ParentChangeEvents parentChanges,
                 CapturePublisher publisher, CaptureMetrics metrics, CaptureHealth health) {
    }

    /** ER_MASTER_FATAL_ERROR_READING_BINLOG: the requested file or position is not on the server any more. */
    private static final int BINLOG_READ_ERROR = 1236;

    private final CaptureProperties properties;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final CapturePositions positions;
    private final ParentChangeEvents parentChanges;
    private final BlockingQueue<CapturedTransaction> committed;
    private final CaptureHealth health;

    private volatile boolean running = true;
    private volatile BinaryLogClient client;
    private volatile Exception failure;
    private CapturePosition handedOn;

    BinlogFollower(CaptureProperties properties, DataSource dataSource, CapturePositions positions,
                   ParentChangeEvents parentChanges, BlockingQueue<CapturedTransaction> committed, CaptureHealth health) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.positions = positions;
        this.parentChanges = parentChanges;
        this.committed = committed;
        this.health = health;
    }

    @Override
    public void run() {
        String database = jdbc.sql("SELECT DATABASE()").query(String.class).single();
        String lockName = CaptureLock.nameFor(database, properties.name());
        while (running) {
            try (CaptureLock lock = CaptureLock.tryAcquire(dataSource, lockName, 5)) {
                if (lock == null) {
                    health.standingBy(lockName);
                    continue;
                }
                followWhileHolding(database);
            } catch (Exception e) {
                health.down("the capture failed: " + e.getMessage());
                log.warn("Capture failed, retrying in {}", properties.retryInterval(), e);
            }
            pause();
        }
    }

    void stop() {
        running = false;
        disconnect();
    }

    private void followWhileHolding(String database) throws IOException {
        List<String> problems = BinlogSettings.problems(jdbc);
        if (!problems.isEmpty()) {
            health.down("the server's binlog cannot be followed: " + String.join("; ", problems));
            log.error("Capture refused: {}", String.join("; ", problems));
            return;
        }
        CapturePosition from = handedOn != null ? handedOn : positions.load().orElseGet(this::startFromNow);
        failure = null;
        BinaryLogClient binlog = newClient(from);
        binlog.registerEventListener(new TransactionAssembler(database, from.file(), parentChanges, this::handOn));
        client = binlog;
        health.following(from);
        log.info("Capture following {} of {}:{} from {}", database, properties.host(), properties.port(), from);
        binlog.connect(); // returns when disconnected
        client = null;
        if (running && failure != null) {
            reportFailure(from, failure);
        }
    }

    private CapturePosition startFromNow() {
        CapturePosition now = currentEnd();
        positions.save(now, 0, null);
        log.info("Capture starts at the binlog's current end, {}: changes before it are the orphan sweep's work", now);
        return now;
    }

    private CapturePosition currentEnd() {
        for (String statement : List.of("SHOW BINARY LOG STATUS", "SHOW MASTER STATUS")) { // MySQL 8.4, then MariaDB
            try {
                Optional<CapturePosition> end = jdbc.sql(statement)
                        .query((rs, i) -> new CapturePosition(rs.getString(1), rs.getLong(2), null)).optional();
                if (end.isPresent()) {
                    return end.get();
                }
            } catch (RuntimeException e) {
                log.debug("{} is not understood here: {}", statement, e.getMessage());
            }
        }
        throw new IllegalStateException("the server reports no binlog position (SHOW BINARY LOG STATUS / SHOW MASTER "
                + "STATUS): is log_bin on, and does the capture user have REPLICATION CLIENT?");
    }

    private BinaryLogClient newClient(CapturePosition from) {
        BinaryLogClient binlog = new BinaryLogClient(properties.host(), properties.port(), properties.username(),
                properties.password());
        binlog.setServerId(properties.serverId());
        binlog.setBinlogFilename(from.file());
        binlog.setBinlogPosition(from.position());
        binlog.setKeepAlive(false); // reconnecting is done here, from the last transaction handed on
        EventDeserializer deserializer = new EventDeserializer();
        deserializer.setCompatibilityMode(EventDeserializer.CompatibilityMode.DATE_AND_TIME_AS_LONG,
                EventDeserializer.CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
        binlog.setEventDeserializer(deserializer);
        binlog.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception e) {
                failure = e; // the client closes the connection and connect() returns
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
                failure = e; // nothing more is handed on (a transaction missing a row must not count as read)
                new Thread(() -> disconnectQuietly(c), "capture-disconnect").start();
            }
        });
        return binlog;
    }

    private void handOn(CapturedTransaction transaction) {
        if (failure != null) {
            return;
        }
        try {
            while (!committed.offer(transaction, 200, TimeUnit.MILLISECONDS)) {
                if (!running) {
                    return;
                }
            }
            handedOn = transaction.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reportFailure(CapturePosition from, Exception e) {
        Throwable cause = e instanceof RuntimeException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof MissingRowMetadataException) {
            health.down(cause.getMessage());
        } else if (cause instanceof ServerException server && server.getErrorCode() == BINLOG_READ_ERROR) {
            handedOn = null; // read the stored position again: an operator may have reset it
            health.down("the binlog position " + from + " the capture needs is no longer on the server (purged?): "
                    + server.getMessage() + ". Changes made since are not captured; the orphan sweep repairs them. "
                    + "To start again from now, delete this capture's row from ri_capture_position (name '"
                    + properties.name() + "'); keep binlogs longer (binlog_expire_logs_seconds) to avoid it");
        } else {
            health.down("reading the binlog failed at " + (handedOn != null ? handedOn : from) + ": " + cause);
        }
        log.error("Capture stopped reading: {}", health.health().getDetails().get("reason"));
    }

    private void pause() {
        try {
            Thread.sleep(properties.retryInterval().toMillis()); // a reconnect backoff, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void disconnect() {
        BinaryLogClient current = client;
        if (current != null) {
            disconnectQuietly(current);
        }
    }

    private static void disconnectQuietly(BinaryLogClient c) {
        try {
            c.disconnect();
        } catch (IOException e) {
            log.debug("disconnecting the binlog client: {}", e.toString());
        }
    }
}
