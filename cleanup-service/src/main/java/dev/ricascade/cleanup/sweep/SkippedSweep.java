package dev.ricascade.cleanup.sweep;

import java.time.Duration;

/**
 * Says why a sweep did not start. ShedLock leaves the lock held for lock-at-least-for after a run finishes
 * (so that replicas whose clocks differ do not each run the same scheduled sweep), which on a single replica
 * looks like "someone else is sweeping" unless the lock's row is read: a finished run leaves it held for
 * exactly lock-at-least-for from its start, a running one for at least lock-at-most-for.
 */
record SkippedSweep(SweepLock.LockState lock, Duration lockAtLeastFor, String lockName) {

    String reason() {
        if (lock == null || lock.remaining().isNegative() || lock.remaining().isZero()) {
            return "the lock '" + lockName + "' was held a moment ago and is free now; POST again to sweep";
        }
        if (lock.heldFor().compareTo(lockAtLeastFor.plusSeconds(1)) > 0) {
            return "a sweep is running on " + lock.lockedBy() + ", started " + wholeSeconds(lock.sinceLockedAt())
                    + " ago (lock '" + lockName + "'); GET /actuator/sweep on that replica shows its report when it ends";
        }
        return "the last sweep started " + wholeSeconds(lock.sinceLockedAt()) + " ago on " + lock.lockedBy()
                + " and has finished; sweeps start at least " + wholeSeconds(lockAtLeastFor)
                + " apart (ricascade.sweep.lock-at-least-for), so the next can start in " + secondsRoundedUp(lock.remaining());
    }

    private static String wholeSeconds(Duration duration) {
        return duration.toSeconds() + " s";
    }

    private static String secondsRoundedUp(Duration duration) {
        // rounded up, so that "in 0 s" is never said while the lock still holds
        return (duration.toMillis() + 999) / 1000 + " s";
    }
}
