package dev.ricascade.cleanup.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

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

    /** As long as the capture waits for its confirms by default ({@code ricascade.capture.confirm-timeout}). */
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

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
        Optional<String> notTaken;
        try {
            notTaken = PublisherConfirms.whyNotTaken(correlation, System.nanoTime() + CONFIRM_TIMEOUT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmqpException("interrupted while waiting for the dead letter's confirm", e);
        }
        if (notTaken.isPresent()) {
            throw new AmqpException("the broker did not take the dead letter: " + notTaken.get());
        }
    }
}
