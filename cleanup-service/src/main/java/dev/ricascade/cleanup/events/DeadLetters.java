package dev.ricascade.cleanup.events;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageBuilder;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;

/**
 * Puts a message that can never succeed into {@code <queue>.dlq} with the reason in headers, and
 * returns only once the broker has confirmed it, so the original may then be acknowledged.
 */
@Component
class DeadLetters {

    static final String REASON = "x-ricascade-reason";
    static final String FIELD = "x-ricascade-field";
    static final String EXCEPTION = "x-ricascade-exception";
    static final String ORIGINAL_EXCHANGE = "x-original-exchange";
    static final String ORIGINAL_ROUTING_KEY = "x-original-routing-key";
    static final String FAILED_AT = "x-ricascade-failed-at";

    private final RabbitTemplate rabbit;
    private final CleanupProperties properties;

    DeadLetters(RabbitTemplate rabbit, CleanupProperties properties) {
        this.rabbit = rabbit;
        this.properties = properties;
    }

    void send(Message message, Throwable cause, String field) {
        Message copy = MessageBuilder.fromClonedMessage(message)
                .setHeader(REASON, cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage())
                .setHeader(EXCEPTION, cause.getClass().getName())
                .setHeader(ORIGINAL_EXCHANGE, message.getMessageProperties().getReceivedExchange())
                .setHeader(ORIGINAL_ROUTING_KEY, message.getMessageProperties().getReceivedRoutingKey())
                .setHeader(FAILED_AT, Instant.now().toString())
                .build();
        if (field != null) {
            copy.getMessageProperties().setHeader(FIELD, field);
        }
        CorrelationData correlation = new CorrelationData(UUID.randomUUID().toString());
        rabbit.send(properties.deadLetterExchange(), properties.deadLetterQueue(), copy, correlation);
        try {
            CorrelationData.Confirm confirm = correlation.getFuture().get(10, TimeUnit.SECONDS);
            if (!confirm.ack() || correlation.getReturned() != null) {
                throw new AmqpException("the broker did not take the dead letter: "
                        + (confirm.ack() ? "returned unroutable" : confirm.reason()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmqpException("interrupted while waiting for the dead letter's confirm", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AmqpException("no confirm for the dead letter", e);
        }
    }
}
