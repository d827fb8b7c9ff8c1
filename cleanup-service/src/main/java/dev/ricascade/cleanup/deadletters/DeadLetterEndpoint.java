package dev.ricascade.cleanup.deadletters;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;

/**
 * {@code /actuator/deadletters}: GET how many messages wait in the dead-letter queue; POST to replay them
 * ({@code {"max": N}}, default {@value #DEFAULT_MAX}; no body needed). An actuator endpoint rather than a
 * command-line tool, because the replay needs what the running service has: its broker connection with
 * confirms, its schema catalog to refresh, and its metrics registry, where {@code ricascade.replayed} counts.
 */
@Component
@Endpoint(id = "deadletters")
class DeadLetterEndpoint {

    static final int DEFAULT_MAX = 1000;

    private final DeadLetterReplay replay;
    private final CleanupProperties properties;

    DeadLetterEndpoint(DeadLetterReplay replay, CleanupProperties properties) {
        this.replay = replay;
        this.properties = properties;
    }

    /** What a GET answers. */
    record Waiting(String queue, long waiting) {
    }

    @ReadOperation
    Waiting waiting() {
        return new Waiting(properties.deadLetterQueue(), replay.waiting());
    }

    @WriteOperation
    DeadLetterReplay.Report replay(@Nullable Integer max) {
        if (max != null && max < 1) {
            throw new InvalidEndpointRequestException("max must be at least 1, was " + max, "max must be at least 1");
        }
        return replay.replay(max == null ? DEFAULT_MAX : max);
    }
}
