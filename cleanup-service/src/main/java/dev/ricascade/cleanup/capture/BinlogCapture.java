package dev.ricascade.cleanup.capture;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.springframework.context.SmartLifecycle;

/**
 * The capture role: a follower thread reading the binlog and a relay thread publishing what it read, joined by a
 * bounded queue. Started after the rest of the service, stopped before it; each start resumes from the stored
 * position.
 */
class BinlogCapture implements SmartLifecycle {

    private final CaptureProperties properties;
    private final BinlogFollower.Parts parts;
    private BinlogFollower follower;
    private CaptureRelay relay;
    private Thread following;
    private Thread relaying;

    BinlogCapture(CaptureProperties properties, BinlogFollower.Parts parts) {
        this.properties = properties;
        this.parts = parts;
    }

    @Override
    public synchronized void start() {
        BlockingQueue<CapturedTransaction> committed = new ArrayBlockingQueue<>(properties.queueCapacity());
        BinlogFollower.Parts with = parts;
        follower = new BinlogFollower(properties, with.dataSource(), with.positions(), with.parentChanges(), committed,
                with.health());
        relay = new CaptureRelay(committed, with.publisher(), with.positions(), with.metrics(), with.health(), properties);
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
