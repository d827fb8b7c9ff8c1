package dev.ricascade.cleanup.events;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
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

/**
 * The broker topology this service relies on, declared once from properties: the topic exchange the
 * events arrive on, the quorum queue bound to all of it, and the dead-letter exchange and queue named
 * after that queue. Messages the broker itself dead-letters (a quorum queue's delivery limit) land in
 * the same dead-letter queue.
 */
@Configuration(proxyBeanMethods = false)
class TopologyConfiguration {

    @Bean
    TopicExchange eventsExchange(CleanupProperties properties) {
        return new TopicExchange(properties.exchange(), true, false);
    }

    @Bean
    Queue cleanupQueue(CleanupProperties properties) {
        QueueBuilder queue = QueueBuilder.durable(properties.queue()).quorum()
                .deadLetterExchange(properties.deadLetterExchange())
                .deadLetterRoutingKey(properties.deadLetterQueue());
        if (properties.singleActiveConsumer()) {
            queue.singleActiveConsumer();
        }
        return queue.build();
    }

    @Bean
    Binding cleanupBinding(Queue cleanupQueue, TopicExchange eventsExchange) {
        return BindingBuilder.bind(cleanupQueue).to(eventsExchange).with("#");
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

    /** Acknowledges after the listener returns, that is after every batch it ran has committed. */
    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(
            SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
            CleanupProperties properties) {
        SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
        configurer.configure(factory, connectionFactory);
        factory.setConcurrentConsumers(properties.listener().concurrency());
        factory.setPrefetchCount(properties.listener().prefetch());
        factory.setDefaultRequeueRejected(true);
        return factory;
    }
}
