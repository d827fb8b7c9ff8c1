package dev.ricascade.cleanup.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.CustomExchange;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.events.EventHeaders;

/**
 * The broker topology this service relies on, declared once from properties:
 * <pre>
 * topic exchange ri.events --#--> x-consistent-hash exchange ri.events.shards (hash-header x-ricascade-order-key)
 *     --weight 1--> quorum queues ri.cleanup.0 .. ri.cleanup.N-1 (single active consumer)
 * </pre>
 * One row's events hash to one shard and are consumed there by one consumer, in order; the shards spread the
 * rest over the replicas. A message without the header is not dropped: the exchange hashes the missing value
 * like any other, so all of them go to one shard. Dead letters, the service's own and those the broker makes
 * (a quorum queue's delivery limit), go to {@code <queue>.dlx} and {@code <queue>.dlq}.
 */
@Configuration(proxyBeanMethods = false)
class TopologyConfiguration {

    static final String CONSISTENT_HASH = "x-consistent-hash";

    /** Every shard takes an equal share of the hash ring. */
    static final String SHARD_WEIGHT = "1";

    /**
     * Deliveries of one message before the broker dead-letters it (a message that keeps killing its consumer), as
     * RabbitMQ 4 sets by default. Set explicitly for the order as well: without a delivery limit, RabbitMQ 3.x's quorum
     * queues put a message handed back at shutdown behind the whole queue, where the row's later events overtake it
     * (ShardedReplicasIntegrationTests); with one, it is delivered again first.
     */
    static final int DELIVERY_LIMIT = 20;

    @Bean
    TopicExchange eventsExchange(CleanupProperties properties) {
        return new TopicExchange(properties.exchange(), true, false);
    }

    @Bean
    CustomExchange shardExchange(CleanupProperties properties) {
        return new CustomExchange(properties.shardExchange(), CONSISTENT_HASH, true, false,
                Map.of("hash-header", EventHeaders.ORDER_KEY));
    }

    @Bean
    Binding shardExchangeBinding(CustomExchange shardExchange, TopicExchange eventsExchange) {
        return BindingBuilder.bind(shardExchange).to(eventsExchange).with("#");
    }

    /** The shard queues and their bindings, one bean so that their number follows {@code ricascade.shards}. */
    @Bean
    Declarables shardQueues(CleanupProperties properties) {
        List<Declarable> declarables = new ArrayList<>();
        for (int shard = 0; shard < properties.shards(); shard++) {
            Queue queue = shardQueue(properties, shard);
            declarables.add(queue);
            declarables.add(new Binding(queue.getName(), Binding.DestinationType.QUEUE, properties.shardExchange(),
                    SHARD_WEIGHT, Map.of()));
        }
        return new Declarables(declarables);
    }

    static Queue shardQueue(CleanupProperties properties, int shard) {
        return shardQueue(properties.shardQueue(shard), properties.deadLetterExchange(), properties.deadLetterQueue());
    }

    static Queue shardQueue(String name, String deadLetterExchange, String deadLetterQueue) {
        return QueueBuilder.durable(name).quorum()
                .deadLetterExchange(deadLetterExchange)
                .deadLetterRoutingKey(deadLetterQueue)
                .deliveryLimit(DELIVERY_LIMIT)
                // the guard during a hand-over: however ownership is seen, one consumer at a time takes messages
                .singleActiveConsumer()
                .build();
    }

    @Bean
    DirectExchange deadLetterExchange(CleanupProperties properties) {
        return new DirectExchange(properties.deadLetterExchange(), true, false);
    }

    @Bean
    Queue deadLetterQueue(CleanupProperties properties) {
        return QueueBuilder.durable(properties.deadLetterQueue()).quorum().build();
    }

    @Bean
    Binding deadLetterBinding(Queue deadLetterQueue, DirectExchange deadLetterExchange, CleanupProperties properties) {
        return BindingBuilder.bind(deadLetterQueue).to(deadLetterExchange).with(properties.deadLetterQueue());
    }

    /**
     * Makes the shard consumers: one consumer each, so a shard is processed in order; {@link ShardConsumers} sets each
     * one's batch and prefetch ({@code ricascade.prefetch}) and manual acknowledgement, given by the listener as each
     * event finishes.
     * <p>
     * A hand-over (a stopping or dying replica) never nacks nor cancels: the consumer's channel closes, and the quorum
     * queue returns everything unacknowledged at once, in message order, before all other messages. Returning the message
     * in flight on its own, behind messages prefetched after it, applied one row's key updates out of order (seen on
     * RabbitMQ 3.10 with prefetch above 1 and automatic acknowledgement: ShardedReplicasIntegrationTests).
     */
    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
            CleanupProperties properties) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setConcurrentConsumers(1);
        factory.setMaxConcurrentConsumers(1);
        factory.setDefaultRequeueRejected(true);
        return factory;
    }
}
