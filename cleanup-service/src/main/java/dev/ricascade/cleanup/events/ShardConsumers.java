package dev.ricascade.cleanup.events;

import java.net.InetAddress;
import java.time.Duration;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;

/**
 * Consumes the shards this replica owns, one consumer per shard, and follows ownership as replicas come and go.
 * <p>
 * Every {@code membership.heartbeat-interval} it writes its heartbeat, reads the live members and works out its
 * fair share ({@link ShardAssignment}). A shard it should no longer own is stopped first (the message in flight
 * finishes and is acknowledged, or at shutdown is handed back) and only then released, so the next owner,
 * which claims a shard only once it is free, starts where this one stopped. A shard it should own is claimed and
 * consumed. Stopping the application releases every shard at once; a replica that dies holds its shards until its
 * heartbeat expires. The shard queues are single-active-consumer as well: should two replicas ever consume one
 * shard (a replica paused past its expiry), the broker still lets only one of them take messages.
 */
@Component
class ShardConsumers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ShardConsumers.class);

    /**
     * How long a shard's consumer, holding the first event of a batch, waits for one more before it hands over a batch
     * that is not full. A stream of events fills its batches from what was prefetched, without waiting; a lone event
     * waits this long once. (A fixed wait of 25 ms, which also paced the idle consumers' polls, added 25 ms to every
     * lone cascade.)
     */
    static final Duration BATCH_GATHER = Duration.ofMillis(2);

    /**
     * How long an idle shard's consumer waits for an event before it looks again: a wait on a local queue that returns
     * as soon as an event arrives, not a broker round trip. Measured on two cores with 20 idle shards polling every
     * 5 ms: 6% of a core, every 25 ms: 2%, every second: nothing.
     */
    static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final SimpleRabbitListenerContainerFactory containers;
    private final CleanupListener listener;
    private final ShardMembers members;
    private final CleanupProperties properties;
    private final String memberId = newMemberId();
    private final Map<Integer, SimpleMessageListenerContainer> consuming = new ConcurrentHashMap<>();
    private final ExecutorService stopping = Executors.newCachedThreadPool(daemon("shard-hand-over"));
    private volatile List<String> liveMembers = List.of();
    private volatile long lastHeartbeat = System.nanoTime();
    private volatile ScheduledExecutorService ticks;
    private final boolean consume;

    /**
     * @param consume {@code spring.rabbitmq.listener.simple.auto-startup}: false for a replica that must consume nothing
     *                (the capture role), which then takes no part in dividing the shards either
     */
    ShardConsumers(SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory, CleanupListener listener,
                   ShardMembers members, CleanupProperties properties,
                   @Value("${spring.rabbitmq.listener.simple.auto-startup:true}") boolean consume) {
        this.consume = consume;
        this.containers = rabbitListenerContainerFactory;
        this.listener = listener;
        this.members = members;
        this.properties = properties;
    }

    String memberId() {
        return memberId;
    }

    /** The shards this replica consumes now. */
    SortedSet<Integer> owned() {
        return new TreeSet<>(consuming.keySet());
    }

    /** The live replicas as this one last read them. */
    List<String> liveMembers() {
        return liveMembers;
    }

    @Override
    public synchronized void start() {
        ticks = Executors.newSingleThreadScheduledExecutor(daemon("shard-membership"));
        lastHeartbeat = System.nanoTime();
        ticks.scheduleWithFixedDelay(this::rebalance, 0, properties.membership().heartbeatInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = ticks;
        ticks = null;
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            running.awaitTermination(properties.membership().handOverTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopConsuming(owned());
        try {
            members.leave(memberId);
            log.info("Member {} left; its shards are free for the others", memberId);
        } catch (RuntimeException e) {
            log.warn("Member {} could not record that it left; the others take its shards over once its heartbeat "
                    + "expires: {}", memberId, e.toString());
        }
    }

    @Override
    public boolean isAutoStartup() {
        return consume;
    }

    @Override
    public boolean isRunning() {
        return ticks != null;
    }

    /** Just after {@code ShutdownSignal}, so that cascades in flight stop at their next batch while this waits. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }

    /** One heartbeat: what to give up, what to take. */
    void rebalance() {
        try {
            members.heartbeat(memberId, properties.membership().expiry());
            lastHeartbeat = System.nanoTime();
            List<String> live = members.live(properties.membership().expiry());
            liveMembers = live;
            SortedSet<Integer> share = ShardAssignment.shardsOf(live, memberId, properties.shards());
            Set<Integer> claimed = members.claimed(memberId);

            Set<Integer> giveUp = new TreeSet<>(consuming.keySet());
            giveUp.removeIf(shard -> share.contains(shard) && claimed.contains(shard));
            stopConsuming(giveUp);
            for (int shard : claimed) {
                if (!share.contains(shard)) {
                    members.release(shard, memberId);
                }
            }
            for (int shard : share) {
                if (!consuming.containsKey(shard) && (claimed.contains(shard) || members.claim(shard, memberId))) {
                    startConsuming(shard);
                }
            }
        } catch (RuntimeException e) {
            long silent = System.nanoTime() - lastHeartbeat;
            if (silent > properties.membership().expiry().toNanos() && !consuming.isEmpty()) {
                log.error("Member {} has written no heartbeat for {} ms, so the others may have taken its shards: "
                        + "it stops consuming them", memberId, TimeUnit.NANOSECONDS.toMillis(silent), e);
                stopConsuming(owned());
            } else {
                log.warn("Member {} could not write its heartbeat or read its shards: {}", memberId, e.toString());
            }
        }
    }

    private void startConsuming(int shard) {
        SimpleMessageListenerContainer container = shardConsumer(containers, properties.shardQueue(shard), listener,
                properties.prefetch(), properties.membership().handOverTimeout(), memberId);
        container.start();
        consuming.put(shard, container);
        log.info("Member {} consumes shard {} ({})", memberId, shard, properties.shardQueue(shard));
    }

    /** A shard's consumer, not yet started: one at a time, batches in queue order, and a hand-over that keeps it. */
    static SimpleMessageListenerContainer shardConsumer(SimpleRabbitListenerContainerFactory containers, String queue,
                                                        ChannelAwareBatchMessageListener listener, int prefetch,
                                                        Duration handOverTimeout, String memberId) {
        SimpleMessageListenerContainer container = containers.createListenerContainer();
        container.setQueueNames(queue);
        container.setConcurrentConsumers(1);
        // a batch of up to `prefetch` events, in queue order, acknowledged by the listener as each one finishes; a
        // partial batch goes to the listener once no further event came for BATCH_GATHER
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setConsumerBatchEnabled(true);
        container.setBatchSize(prefetch);
        // no more than one batch: a hand-back returns no more than the next consumer takes at once
        container.setPrefetchCount(prefetch);
        container.setReceiveTimeout(IDLE_POLL.toMillis());
        if (prefetch > 1) {
            // The container waits the receive timeout for each event of a batch. The one consumer thread of the shard
            // shortens it to BATCH_GATHER once a batch's first event came, and sets it back before handing the batch
            // over: the next first event is awaited as long as IDLE_POLL (and taken as soon as it comes).
            container.setAfterReceivePostProcessors(message -> {
                container.setReceiveTimeout(BATCH_GATHER.toMillis());
                return message;
            });
            ChannelAwareBatchMessageListener gathered = listener;
            listener = (messages, channel) -> {
                container.setReceiveTimeout(IDLE_POLL.toMillis());
                gathered.onMessageBatch(messages, channel);
            };
        }
        container.setMessageListener(listener);
        // stopping lets the batch in flight finish, or at shutdown stops it at its next cascade batch; the channel's
        // close then hands back what is unacknowledged, in its order
        container.setShutdownTimeout(handOverTimeout.toMillis());
        // and stops without a basic.cancel: a quorum queue returns at once, ahead of the consumer's other
        // unacknowledged messages, what it delivers after the cancel (the credit of an ack sent just before it), so
        // a row's later event came back before its earlier ones (RabbitMQ 3.10: HandOverOrderIntegrationTests)
        container.setForceStop(true);
        // in the management UI, the consumer says which replica it belongs to
        container.setConsumerTagStrategy(name -> memberId + "/" + name);
        container.afterPropertiesSet();
        return container;
    }

    /** Stops the shards' consumers side by side, and returns once all have stopped; then releases their claims. */
    private void stopConsuming(Set<Integer> shards) {
        List<CompletableFuture<Void>> stops = shards.stream().map(shard -> CompletableFuture.runAsync(() -> {
            SimpleMessageListenerContainer container = consuming.remove(shard);
            if (container != null) {
                container.stop();
                container.destroy();
                log.info("Member {} stopped consuming shard {}", memberId, shard);
            }
        }, stopping)).toList();
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        for (int shard : shards) {
            try {
                members.release(shard, memberId);
            } catch (RuntimeException e) {
                log.warn("Member {} could not release shard {}; it is freed once its heartbeat expires: {}", memberId,
                        shard, e.toString());
            }
        }
    }

    private static String newMemberId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.length() > 100 ? safe.substring(0, 100) : safe) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
