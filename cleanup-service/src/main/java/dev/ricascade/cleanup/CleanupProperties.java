package dev.ricascade.cleanup;

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
 * The cleanup service's settings, {@code ricascade.*}.
 *
 * @param manifest  where the relationship manifest is, a Spring resource location such as {@code file:relationships.yml}
 * @param exchange  the topic exchange the events arrive on
 * @param queue     the quorum queue this service consumes; its dead-letter exchange and queue are {@code <queue>.dlx}
 *                  and {@code <queue>.dlq}
 * @param batchSize the most rows one statement may touch
 * @param singleActiveConsumer declare the queue single-active-consumer: one consumer at a time across all
 *                  replicas takes messages, so events for the same row can never overtake each other (the others
 *                  stand by); decided when the queue is first declared
 * @param statementBudget the longest one cascade statement, its own transaction, should take: batches shrink below
 *                  {@code batchSize} while statements take more than half of it, and grow back while they take
 *                  less than a quarter
 * @param concurrentStatements how many statements one cascade may run at once for rows that nothing else depends
 *                  on (the leaves), each its own transaction on its own connection: more lets the database share
 *                  one log flush among several commits; the connection pool needs this many spare connections
 * @param listener  how many messages are in flight
 * @param retry     backoff for transient failures (database down, deadlock), retried in place until they pass
 */
@Validated
@ConfigurationProperties("ricascade")
public record CleanupProperties(
        @NotNull Resource manifest,
        @DefaultValue("ri.events") @NotBlank String exchange,
        @DefaultValue("ri.cleanup") @NotBlank String queue,
        @DefaultValue("100") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("false") boolean singleActiveConsumer,
        @DefaultValue("50ms") @NotNull Duration statementBudget,
        @DefaultValue("1") @Min(1) @Max(64) int concurrentStatements,
        @DefaultValue @Valid Listener listener,
        @DefaultValue @Valid Retry retry) {

    public String deadLetterExchange() {
        return queue + ".dlx";
    }

    public String deadLetterQueue() {
        return queue + ".dlq";
    }

    /**
     * @param concurrency consumers in this replica
     * @param prefetch    unacknowledged messages per consumer
     */
    public record Listener(@DefaultValue("1") @Min(1) int concurrency, @DefaultValue("10") @Min(1) int prefetch) {
    }

    /**
     * @param maxAttempts     attempts in one round of backoff; after each round an error is logged and counted
     *                        ({@code ricascade.events{outcome=failed}}) and the next round starts
     * @param initialInterval wait before the second attempt; doubles each time up to {@code maxInterval}
     * @param maxInterval     the longest wait between two attempts
     */
    public record Retry(@DefaultValue("8") @Min(1) int maxAttempts, @DefaultValue("200ms") Duration initialInterval,
                        @DefaultValue("10s") Duration maxInterval) {
    }
}
