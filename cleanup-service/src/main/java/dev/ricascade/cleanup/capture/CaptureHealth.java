package dev.ricascade.cleanup.capture;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * What the capture is doing, for {@code /actuator/health} (component {@code capture}): following the binlog (UP,
 * with its position), standing by while another instance holds the lock (UP), or stopped by something an
 * operator must fix (DOWN, with the reason and what to do).
 */
class CaptureHealth implements HealthIndicator {

    private volatile Health health = Health.unknown().withDetail("state", "starting").build();

    void following(CapturePosition from) {
        health = Health.up().withDetail("state", "following").withDetail("from", String.valueOf(from)).build();
    }

    void standingBy(String lock) {
        health = Health.up().withDetail("state", "standby")
                .withDetail("reason", "another capture holds the lock " + lock + "; this one takes over when it stops")
                .build();
    }

    void down(String reason) {
        health = Health.down().withDetail("state", "stopped").withDetail("reason", reason).build();
    }

    @Override
    public Health health() {
        return health;
    }
}
