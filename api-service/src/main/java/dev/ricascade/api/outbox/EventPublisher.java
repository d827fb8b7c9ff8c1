package dev.ricascade.api.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.events.EventHeaders;

/**
 * Publishes events with publisher confirms: an event counts as published only once the broker has
 * acknowledged it and not returned it as unroutable. Retried with backoff, behind a circuit breaker
 * so that a broker that is down costs one quick check per poll instead of a wait per event.
 */
@Component
class EventPublisher {

    static final String RESILIENCE_NAME = "outbox";

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final RabbitTemplate rabbit;
    private final ApiProperties properties;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;

    EventPublisher(RabbitTemplate rabbit, ApiProperties properties, CircuitBreakerRegistry circuitBreakers,
                   RetryRegistry retries) {
        this.rabbit = rabbit;
        this.properties = properties;
        this.circuitBreaker = circuitBreakers.circuitBreaker(RESILIENCE_NAME);
        this.retry = retries.retry(RESILIENCE_NAME);
        // a return is also recorded on the event's CorrelationData, where sendAndAwaitConfirms looks for it
        rabbit.setReturnsCallback(returned -> log.debug("returned: {}", returned));
    }

    /** False while the circuit is open: publishing would fail at once. */
    boolean available() {
        return circuitBreaker.getState() != CircuitBreaker.State.OPEN
                && circuitBreaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Publishes the events (at most one per aggregate, so their relative order does not matter).
     *
     * @return the ids of the events the broker confirmed; the others stay pending
     */
    List<Long> publish(List<PendingEvent> events) {
        List<Long> confirmed = new ArrayList<>();
        List<PendingEvent> remaining = new ArrayList<>(events);
        try {
            circuitBreaker.executeCallable(() -> retry.executeCallable(() -> {
                sendAndAwaitConfirms(remaining, confirmed);
                return null;
            }));
        } catch (Exception e) {
            log.warn("{} of {} event(s) not confirmed by the broker, they stay pending: {}", remaining.size(),
                    events.size(), e.toString());
        }
        return confirmed;
    }

    /** Sends what remains and waits for the confirms; moves the confirmed ones; throws if any is left. */
    private void sendAndAwaitConfirms(List<PendingEvent> remaining, List<Long> confirmed) throws Exception {
        Map<PendingEvent, CorrelationData> inFlight = new LinkedHashMap<>();
        for (PendingEvent event : remaining) {
            CorrelationData correlation = new CorrelationData(event.eventId());
            rabbit.send(properties.exchange(), event.routingKey(), message(event), correlation);
            inFlight.put(event, correlation);
        }
        long deadline = System.nanoTime() + properties.outbox().confirmTimeout().toNanos();
        String failure = null;
        for (Map.Entry<PendingEvent, CorrelationData> entry : inFlight.entrySet()) {
            String problem = outcome(entry.getValue(), deadline);
            if (problem == null) {
                remaining.remove(entry.getKey());
                confirmed.add(entry.getKey().id());
            } else if (failure == null) {
                failure = "event " + entry.getKey().eventId() + ": " + problem;
            }
        }
        if (failure != null) {
            throw new PublishFailedException(failure);
        }
    }

    /** @return null when confirmed and routed, else why not */
    private static String outcome(CorrelationData correlation, long deadline) throws InterruptedException {
        try {
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!confirm.ack()) {
                return "the broker refused it (nack): " + confirm.reason();
            }
            if (correlation.getReturned() != null) {
                return "no queue is bound for routing key " + correlation.getReturned().getRoutingKey()
                        + " (returned: " + correlation.getReturned().getReplyText() + ")";
            }
            return null;
        } catch (ExecutionException e) {
            return "publishing failed: " + e.getCause();
        } catch (TimeoutException e) {
            return "no confirm from the broker in time";
        }
    }

    private static Message message(PendingEvent event) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(event.eventId());
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        // the row's identity: the broker hashes on it, so one row's events stay in one ordered shard
        properties.setHeader(EventHeaders.ORDER_KEY, event.aggregateKey());
        return new Message(event.payload().getBytes(StandardCharsets.UTF_8), properties);
    }

    static class PublishFailedException extends RuntimeException {
        PublishFailedException(String message) {
            super(message);
        }
    }
}
