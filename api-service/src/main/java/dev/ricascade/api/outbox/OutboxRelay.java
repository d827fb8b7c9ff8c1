package dev.ricascade.api.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.sql.SqlText;

/**
 * Publishes pending outbox events in id order and marks them sent only after the broker's confirm.
 * <p>
 * Several replicas share the work: each locks a batch with {@code FOR UPDATE SKIP LOCKED}, so an event
 * is normally published by one of them (a crash between confirm and commit republishes it: consumers
 * drop the duplicate by event id). Events of one aggregate keep their order: a batch publishes only the
 * earliest pending event of each aggregate, and none of an aggregate whose earlier event another replica
 * is still publishing; the next one goes out once that is marked sent.
 */
@Component
@ConditionalOnBooleanProperty(name = "ricascade.outbox.enabled",
        matchIfMissing = true)
class OutboxRelay implements SchedulingConfigurer {

    private static final String LOCK_PENDING = """
            SELECT `id`, `event_id`, `aggregate_key`, `routing_key`, `payload` FROM `ri_outbox`
            WHERE `sent_at` IS NULL ORDER BY `id` LIMIT ? FOR UPDATE SKIP LOCKED""";
    private static final String FIRST_PENDING_PER_AGGREGATE = """
            SELECT `aggregate_key`, MIN(`id`) AS `first_id` FROM `ri_outbox`
            WHERE `sent_at` IS NULL AND `aggregate_key` IN (%s) GROUP BY `aggregate_key`""";
    private static final String MARK_SENT = """
            UPDATE `ri_outbox` SET `sent_at` = CURRENT_TIMESTAMP(3), `attempts` = `attempts` + 1 WHERE `id` IN (%s)""";
    private static final String COUNT_ATTEMPT = """
            UPDATE `ri_outbox` SET `attempts` = `attempts` + 1 WHERE `id` IN (%s)""";

    private final JdbcClient jdbc;
    private final EventPublisher publisher;
    private final TransactionTemplate transaction;
    private final int batchSize;
    private final Duration pollInterval;

    OutboxRelay(JdbcClient jdbc, EventPublisher publisher, PlatformTransactionManager transactions, ApiProperties properties) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.transaction = new TransactionTemplate(transactions);
        // only record locks: a relay must never hold gap locks that would make the application's inserts wait
        this.transaction.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.batchSize = properties.outbox().batchSize();
        this.pollInterval = properties.outbox().pollInterval();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(this::relayPending, pollInterval, Duration.ZERO));
    }

    void relayPending() {
        while (publisher.available() && relayBatch() == Outcome.MORE) {
            // drain the backlog batch after batch, each its own short transaction
        }
    }

    enum Outcome { IDLE, MORE }

    /** One transaction: lock a batch, publish what may go now, mark the confirmed events sent. */
    Outcome relayBatch() {
        return transaction.execute(status -> {
            List<PendingEvent> locked = jdbc.sql(LOCK_PENDING).param(batchSize)
                    .query((rs, n) -> new PendingEvent(rs.getLong("id"), rs.getString("event_id"),
                            rs.getString("aggregate_key"), rs.getString("routing_key"), rs.getString("payload")))
                    .list();
            if (locked.isEmpty()) {
                return Outcome.IDLE;
            }
            List<PendingEvent> publishable = firstOfEachAggregate(locked);
            if (publishable.isEmpty()) {
                return Outcome.IDLE;
            }
            List<Long> sent = publisher.publish(publishable);
            if (!sent.isEmpty()) {
                jdbc.sql(MARK_SENT.formatted(SqlText.placeholders(sent.size()))).params(sent).update();
            }
            if (sent.size() < publishable.size()) {
                List<Long> failed = publishable.stream().map(PendingEvent::id).filter(id -> !sent.contains(id)).toList();
                jdbc.sql(COUNT_ATTEMPT.formatted(SqlText.placeholders(failed.size()))).params(failed).update();
                return Outcome.IDLE;
            }
            return locked.size() == batchSize || publishable.size() < locked.size() ? Outcome.MORE : Outcome.IDLE;
        });
    }

    /** The locked events that are the earliest pending one of their aggregate, in id order. */
    private List<PendingEvent> firstOfEachAggregate(List<PendingEvent> locked) {
        Map<String, PendingEvent> first = new LinkedHashMap<>();
        locked.forEach(event -> first.putIfAbsent(event.aggregateKey(), event));
        Map<String, Long> firstPending = new LinkedHashMap<>();
        jdbc.sql(FIRST_PENDING_PER_AGGREGATE.formatted(SqlText.placeholders(first.size())))
                .params(List.copyOf(first.keySet()))
                .query((rs, n) -> firstPending.put(rs.getString("aggregate_key"), rs.getLong("first_id")))
                .list();
        List<PendingEvent> publishable = new ArrayList<>();
        for (PendingEvent event : first.values()) {
            // an earlier event of the aggregate is locked by another replica: wait until it is sent
            if (firstPending.getOrDefault(event.aggregateKey(), event.id()) == event.id()) {
                publishable.add(event);
            }
        }
        return publishable;
    }
}
