package dev.ricascade.cleanup.sweep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Paces a repair to at most a number of rows per second, so that it cannot flood replication. */
final class Throttle {

    private final int rowsPerSecond;
    private final long started = System.nanoTime();
    private long rows;

    /** @param rowsPerSecond 0 for no limit */
    Throttle(int rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Counts rows just changed and waits until the rate is back under the limit. */
    void changed(int count) {
        rows += count;
        if (rowsPerSecond == 0) {
            return;
        }
        long due = started + TimeUnit.SECONDS.toNanos(rows) / rowsPerSecond;
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("repair interrupted while throttled");
            }
        }
    }
}
