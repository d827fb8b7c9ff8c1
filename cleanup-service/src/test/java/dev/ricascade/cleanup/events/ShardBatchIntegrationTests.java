package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

import dev.ricascade.testing.TestNamespace;

/**
 * A shard's consumer hands over what it prefetched as one batch in queue order, and a lone event at once: an idle
 * consumer waits {@link ShardConsumers#IDLE_POLL} for an event, but once one came it waits only
 * {@link ShardConsumers#BATCH_GATHER} for the next, and waits that long again for the first of the next batch.
 */
class ShardBatchIntegrationTests {

    private static final int PREFETCH = 10;

    private final TestNamespace namespace = TestNamespace.create();
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private TestShardQueue shard;
    private RabbitTemplate rabbit;
    private String queue;
    private SimpleMessageListenerContainer consumer;

    @BeforeEach
    void declareTheShardQueue() {
        shard = TestShardQueue.declare(namespace);
        queue = shard.name();
        rabbit = new RabbitTemplate(shard.connections());
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(shard.connections());
        consumer = ShardConsumers.shardConsumer(factory, queue, (messages, channel) -> {
            batches.add(messages.stream().map(m -> new String(m.getBody(), StandardCharsets.UTF_8)).toList());
            try {
                channel.basicAck(messages.get(messages.size() - 1).getMessageProperties().getDeliveryTag(), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, PREFETCH, Duration.ofSeconds(5), "test");
    }

    @AfterEach
    void closeTheBroker() {
        consumer.stop();
        consumer.destroy();
        shard.close();
        namespace.close();
    }

    @Test
    void takesWhatWaitsAsBatchesInQueueOrder() {
        List<String> published = IntStream.range(0, 25).mapToObj(i -> "event-" + i).toList();
        published.forEach(this::publish);
        consumer.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> batches.stream().mapToInt(List::size).sum() == published.size());
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(published);
        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(PREFETCH))
                .anySatisfy(batch -> assertThat(batch).as("events taken together").hasSizeGreaterThan(1));
    }

    @Test
    void handsALoneEventOverWithoutWaitingOutTheIdlePoll() {
        consumer.start();
        for (int i = 0; i < 5; i++) {
            String event = "lone-" + i;
            long published = System.nanoTime();
            publish(event);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                    .until(() -> batches.stream().anyMatch(batch -> batch.contains(event)));
            // with the idle poll's timeout while gathering, a lone event would wait a whole second for a second one
            assertThat(Duration.ofNanos(System.nanoTime() - published)).as(event)
                    .isLessThan(ShardConsumers.IDLE_POLL.dividedBy(2));
        }
        assertThat(batches).containsExactly(List.of("lone-0"), List.of("lone-1"), List.of("lone-2"), List.of("lone-3"),
                List.of("lone-4"));
    }

    private void publish(String body) {
        rabbit.send(queue, new Message(body.getBytes(StandardCharsets.UTF_8)));
    }
}
