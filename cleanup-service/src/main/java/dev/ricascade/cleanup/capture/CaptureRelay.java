package dev.ricascade.cleanup.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the committed transactions the follower read, publishes their events in batches, and only after the
 * broker confirmed all of a batch stores the position after its last transaction. A crash anywhere in between
 * replays from the stored position, and the replayed events carry the same ids, which the cleanup service
 * recognises as done.
 */
final class CaptureRelay implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CaptureRelay.class);

    private final BlockingQueue<CapturedTransaction> committed;
    private final CapturePublisher publisher;
    private final CapturePositions positions;
    private final CaptureMetrics metrics;
    private final CaptureHealth health;
    private final CaptureProperties properties;
    private volatile boolean running = true;

    CaptureRelay(BlockingQueue<CapturedTransaction> committed, CapturePublisher publisher, CapturePositions positions,
                 CaptureMetrics metrics, CaptureHealth health, CaptureProperties properties) {
        this.committed = committed;
        this.publisher = publisher;
        this.positions = positions;
        this.metrics = metrics;
        this.health = health;
        this.properties = properties;
    }

    @Override
    public void run() {
        try {
            while (running) {
                List<CapturedTransaction> batch = nextBatch();
                if (batch.isEmpty()) {
                    metrics.caughtUp();
                    continue;
                }
                List<OutgoingEvent> events = batch.stream().flatMap(t -> t.events().stream()).toList();
                if (publishUntilConfirmed(events) && storeUntilSaved(batch.get(batch.size() - 1), events)) {
                    metrics.published(events, batch.get(batch.size() - 1).committedAt());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void stop() {
        running = false;
    }

    /** Waits briefly for one transaction, then takes what else is ready, up to about {@code maxBatch} events. */
    private List<CapturedTransaction> nextBatch() throws InterruptedException {
        List<CapturedTransaction> batch = new ArrayList<>();
        CapturedTransaction first = committed.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return batch;
        }
        batch.add(first);
        int events = first.events().size();
        CapturedTransaction next;
        while (events < properties.maxBatch() && (next = committed.poll()) != null) {
            batch.add(next);
            events += next.events().size();
        }
        return batch;
    }

    private boolean publishUntilConfirmed(List<OutgoingEvent> events) throws InterruptedException {
        while (running) {
            try {
                if (!events.isEmpty()) {
                    publisher.publishConfirmed(events);
                }
                return true;
            } catch (RuntimeException e) {
                health.down("publishing captured events failed, retrying every " + properties.retryInterval() + ": " + e.getMessage());
                log.warn("Publishing {} captured event(s) failed; the position stays where it was", events.size(), e);
                Thread.sleep(properties.retryInterval().toMillis()); // backoff before publishing the batch again
            }
        }
        return false;
    }

    private boolean storeUntilSaved(CapturedTransaction last, List<OutgoingEvent> events) throws InterruptedException {
        String lastEventId = events.isEmpty() ? null : events.get(events.size() - 1).event().eventId();
        while (running) {
            try {
                positions.save(last.end(), events.size(), lastEventId);
                health.following(last.end());
                return true;
            } catch (RuntimeException e) {
                health.down("storing the capture position " + last.end() + " failed, retrying: " + e.getMessage());
                log.warn("Storing the capture position {} failed", last.end(), e);
                Thread.sleep(properties.retryInterval().toMillis()); // backoff before storing again
            }
        }
        return false;
    }
}
