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
 * @param exchange  the topic exchange the events arrive on; everything on it goes on to the consistent-hash exchange
 *                  {@code <exchange>.shards}, which spreads it by the row's identity over the shard queues
 * @param queue     the name the shard queues are numbered after, {@code <queue>.0} to {@code <queue>.<shards - 1>};
 *                  the dead-letter exchange and queue are {@code <queue>.dlx} and {@code <queue>.dlq}
 * @param shards    how many shard queues (quorum, single active consumer) share the events: one row's events
 *                  always go to the same shard and are processed there in order; the replicas divide the shards
 *                  among themselves, so a replica beyond this count would stand idle. 20 covers the production
 *                  overlay's largest scale (KEDA's maxReplicaCount 20) and divides evenly among 1, 2, 4, 5, 10 and
 *                  20 replicas. Fixed once the queues exist: changing it re-hashes rows to other shards, so change
 *                  it only with the queues drained
 * @param prefetch  how many events each shard's consumer takes from its queue at a time, as one batch in queue
 *                  order, whose deletes join combined runs together; also the most a replica handing the shard over
 *                  returns to the queue, all of which the next consumer takes first, in order
 * @param batchSize the most rows one statement may touch: a ceiling, below which the statement budget sets the
 *                  batch of each table, starting from 100
 * @param statementBudget the longest one cascade statement, its own transaction, should take: batches shrink below
 *                  {@code batchSize} while statements take more than a quarter of it, and grow back while they take
 *                  less than an eighth (a statement's time varies that much from one to the next)
 * @param concurrentStatements how many statements one cascade may run at once for rows that nothing else depends
 *                  on (the leaves), each its own transaction on its own connection: more lets the database share
 *                  one log flush among several commits; the connection pool needs this many spare connections
 * @param combinedEvents the most delete events, received side by side on this replica's shards, that one combined run
 *                  takes: their cascades run as set-based statements over all their parents in one transaction (within
 *                  the statement budget), each event keeping its own status and counts; an event the run cannot do
 *                  for several at once (2,000 rows or more in one table, or a batch when that is smaller; a RESTRICT
 *                  with children, …) runs alone. 0: every event runs alone, each statement its own transaction
 * @param membership how the replicas find each other to divide the shards
 * @param retry     backoff for transient failures (database down, deadlock), retried in place until they pass
 */
@Validated
@ConfigurationProperties("ricascade")
public record CleanupProperties(
        @NotNull Resource manifest,
        @DefaultValue("ri.events") @NotBlank String exchange,
        @DefaultValue("ri.cleanup") @NotBlank String queue,
        @DefaultValue("20") @Min(1) @Max(MAX_SHARDS) int shards,
        @DefaultValue("20") @Min(1) @Max(MAX_PREFETCH) int prefetch,
        @DefaultValue("10000") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("50ms") @NotNull Duration statementBudget,
        @DefaultValue("2") @Min(1) @Max(64) int concurrentStatements,
        @DefaultValue("100") @Min(0) @Max(1_000) int combinedEvents,
        @DefaultValue @Valid Retry retry,
        @DefaultValue @Valid Membership membership) {

    /** The most shards there may be; tests clean up that many queue names. */
    public static final int MAX_SHARDS = 64;

    /** The most events a shard's consumer may hold at once: beyond it, runs are full and a hand-back only longer. */
    public static final int MAX_PREFETCH = 32;

    /** The consistent-hash exchange between {@code exchange} and the shard queues. */
    public String shardExchange() {
        return exchange + ".shards";
    }

    /** The quorum queue of one shard, {@code <queue>.<shard>}. */
    public String shardQueue(int shard) {
        return queue + "." + shard;
    }

    public String deadLetterExchange() {
        return queue + ".dlx";
    }

    public String deadLetterQueue() {
        return queue + ".dlq";
    }

    /**
     * The replicas divide the shards through tables in the application's database, {@code ri_cleanup_member} (a
     * heartbeat per live replica) and {@code ri_cleanup_shard} (who consumes which shard): the live ones, sorted by
     * id, take the shards round-robin.
     *
     * @param heartbeatInterval how often a replica writes its heartbeat and re-reads who is alive
     * @param expiry            a replica whose heartbeat is older than this counts as gone: its shards are taken over.
     *                          A replica that stops gracefully gives its shards up at once
     * @param handOverTimeout   how long giving up a shard may wait for its message in flight to finish before the
     *                          channel is closed and the broker hands the message to the next owner
     */
    public record Membership(@DefaultValue("2s") @NotNull Duration heartbeatInterval,
                             @DefaultValue("10s") @NotNull Duration expiry,
                             @DefaultValue("20s") @NotNull Duration handOverTimeout) {
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
