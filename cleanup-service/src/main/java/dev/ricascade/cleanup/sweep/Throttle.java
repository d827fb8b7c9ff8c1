package dev.ricascade.cleanup.sweep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** Paces a repair to at most a number of rows per second, so that it cannot flood replication. */
final class Throttle {

    private final int rowsPerSecond;
    private final LongSupplier nanoTime;
    private final LongConsumer park;
    private final long started;
    private long rows;

    /** @param rowsPerSecond 0 for no limit */
    Throttle(int rowsPerSecond) {
        this(rowsPerSecond, System::nanoTime, Throttle::park);
    }

    Throttle(int rowsPerSecond, LongSupplier nanoTime, LongConsumer park) {
        this.rowsPerSecond = rowsPerSecond;
        this.nanoTime = nanoTime;
        this.park = park;
        this.started = nanoTime.getAsLong();
    }

    /** Counts rows just changed and waits until the rate since the start is back under the limit. */
    void changed(int count) {
        rows += count;
        if (rowsPerSecond == 0) {
            return;
        }
        long due = started + TimeUnit.SECONDS.toNanos(rows) / rowsPerSecond;
        long wait;
        while ((wait = due - nanoTime.getAsLong()) > 0) {
            park.accept(wait);
        }
    }

    private static void park(long nanos) {
        LockSupport.parkNanos(nanos);
        if (Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("repair interrupted while throttled");
        }
    }
}
