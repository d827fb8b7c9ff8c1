package dev.ricascade.api;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * The API service's settings, {@code ricascade.*}.
 *
 * @param manifest where the relationship manifest is, a Spring resource location such as {@code file:relationships.yml}
 * @param exchange the topic exchange the outbox relay publishes events to
 * @param outbox   how the outbox relay publishes and when it forgets sent events
 * @param pending  how writes that wait for a pending cascade are answered, and when finished ones are forgotten
 */
@Validated
@ConfigurationProperties("ricascade")
public record ApiProperties(
        @NotNull Resource manifest,
        @DefaultValue("ri.events") @NotBlank String exchange,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue @Valid Pending pending) {

    /**
     * @param pollInterval   how long the relay waits, after it has published all it could, before it looks for
     *                       pending events again
     * @param batchSize      events locked and published per relay transaction
     * @param confirmTimeout how long to wait for the broker's confirm of a batch
     * @param retention      how long sent events are kept before the cleaner deletes them
     * @param cleanupInterval how often the cleaner looks for them, the first time one interval after start
     * @param enabled        record and relay events; switch off ({@code ricascade.outbox.enabled=false}) when the
     *                       cleanup service's capture role follows the binlog, which publishes the same changes
     */
    public record Outbox(@DefaultValue("250ms") Duration pollInterval,
                         @DefaultValue("100") @Min(1) @Max(1000) int batchSize,
                         @DefaultValue("10s") Duration confirmTimeout,
                         @DefaultValue("7d") Duration retention,
                         @DefaultValue("15m") Duration cleanupInterval,
                         @DefaultValue("true") boolean enabled) {
    }

    /**
     * @param retryAfter      the {@code Retry-After} of a 409 that waits for a cascade: about how long one takes
     * @param cleanupInterval how often pending changes whose cascade finished are forgotten
     */
    public record Pending(@DefaultValue("2s") Duration retryAfter,
                          @DefaultValue("1m") Duration cleanupInterval) {
    }
}
