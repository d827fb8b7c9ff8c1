package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import com.rabbitmq.client.Channel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;

import dev.ricascade.cleanup.cascade.CascadeStoppedException;
import dev.ricascade.testing.TestNamespace;

/**
 * A shard's consumer stopped at shutdown just after it acknowledged an event hands the rest of its batch back so that
 * the next consumer gets them in their order. With a basic.cancel before the channel closes (the container's ordinary
 * stop), RabbitMQ 3.10's quorum queue sends the ack's credit, the event after the batch, to the cancelled consumer and
 * returns it at once, ahead of the batch returned only when the channel closes: the row's later event first.
 */
class HandOverOrderIntegrationTests {

    private static final int BATCH = 10;

    private final TestNamespace namespace = TestNamespace.create();
    private TestShardQueue shard;
    private CachingConnectionFactory connections;
    private String queue;

    @BeforeEach
    void declareTheShardQueue() {
        shard = TestShardQueue.declare(namespace);
        connections = shard.connections();
        queue = shard.name();
    }

    @AfterEach
    void closeTheBroker() {
        shard.close();
        namespace.close();
    }

    @Test
    void aConsumerStoppedJustAfterAnAcknowledgementHandsTheRestBackInOrder() {
        RabbitTemplate rabbit = new RabbitTemplate(connections);
        List<String> published = IntStream.range(0, 3 * BATCH).mapToObj(i -> "event-" + i).toList();
        published.forEach(body -> rabbit.send(queue, new Message(body.getBytes(StandardCharsets.UTF_8))));

        AtomicReference<SimpleMessageListenerContainer> consumer = new AtomicReference<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<String> finished = new ArrayList<>();
        ChannelAwareBatchMessageListener shutdownAfterTheFirst = new ChannelAwareBatchMessageListener() {
            @Override
            public void onMessageBatch(List<Message> messages, Channel channel) {
                try {
                    channel.basicAck(messages.get(0).getMessageProperties().getDeliveryTag(), false);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                finished.add(body(messages.get(0)));
                // the service shuts down right then: the container stops, the rest of the batch is handed back
                CompletableFuture.runAsync(() -> consumer.get().stop()).whenComplete((ok, e) -> stopped.complete(null));
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                throw new CascadeStoppedException("handing " + (messages.size() - 1) + " event(s) back");
            }
        };
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        factory.setConnectionFactory(connections);
        consumer.set(ShardConsumers.shardConsumer(factory, queue, shutdownAfterTheFirst, BATCH, Duration.ofSeconds(20),
                "test"));
        consumer.get().start();
        stopped.join();
        consumer.get().destroy();

        List<String> next = new ArrayList<>();
        for (Message message; (message = rabbit.receive(queue, 2_000)) != null; ) {
            next.add(body(message));
        }
        assertThat(finished).containsExactly("event-0");
        assertThat(next).as("what the next consumer gets, in order").isEqualTo(published.subList(1, published.size()));
    }

    private static String body(Message message) {
        return new String(message.getBody(), StandardCharsets.UTF_8);
    }
}
