package dev.ricascade.cleanup.capture;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.springframework.context.SmartLifecycle;

/**
 * The capture role: a follower thread reading the binlog and a relay thread publishing what it read, joined by a
 * bounded queue. Started after the rest of the service, stopped before it.
 */
class BinlogCapture implements SmartLifecycle {

    private final BinlogFollower follower;
    private final CaptureRelay relay;
    private Thread following;
    private Thread relaying;

    BinlogCapture(CaptureProperties properties, javax.sql.DataSource dataSource, CapturePositions positions,
                  ParentChangeEvents parentChanges, CapturePublisher publisher, CaptureMetrics metrics,
                  CaptureHealth health) {
        BlockingQueue<CapturedTransaction> committed = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.follower = new BinlogFollower(properties, dataSource, positions, parentChanges, committed, health);
        this.relay = new CaptureRelay(committed, publisher, positions, metrics, health, properties);
    }

    @Override
    public synchronized void start() {
        following = new Thread(follower, "capture-follower");
        relaying = new Thread(relay, "capture-relay");
        following.start();
        relaying.start();
    }

    @Override
    public synchronized void stop() {
        follower.stop();
        relay.stop();
        following.interrupt();
        join(following);
        join(relaying);
        following = null;
        relaying = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return following != null;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1; // stops after the listener containers, starts after them
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
