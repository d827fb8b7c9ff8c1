package dev.ricascade.cleanup.sweep;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/sweep}: GET the last run's report; POST to run now, optionally with
 * {@code {"strategy": "keyset", "repair": true}} (defaults: the configured ones); a POST without a body
 * needs no content type ({@code BodylessActuatorPosts}).
 */
@Component
@Endpoint(id = "sweep")
class SweepEndpoint {

    private final OrphanSweep sweep;
    private final SweepProperties properties;

    SweepEndpoint(OrphanSweep sweep, SweepProperties properties) {
        this.sweep = sweep;
        this.properties = properties;
    }

    @ReadOperation
    Object lastReport() {
        return sweep.lastReport().<Object>map(r -> r)
                .orElse(Map.of("message", "no sweep has run on this replica yet; POST to /actuator/sweep to run one"));
    }

    @WriteOperation
    Object run(@Nullable String strategy, @Nullable Boolean repair) {
        SweepStrategy chosen = strategy == null ? properties.strategy() : strategy(strategy);
        return sweep.run(chosen, repair == null ? properties.repair() : repair).<Object>map(r -> r)
                .orElseGet(() -> Map.of("message", "skipped: " + sweep.whySkipped()));
    }

    private static SweepStrategy strategy(String name) {
        try {
            return SweepStrategy.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException("unknown strategy '" + name + "'; expected join or keyset",
                    "unknown strategy; expected join or keyset");
        }
    }
}
