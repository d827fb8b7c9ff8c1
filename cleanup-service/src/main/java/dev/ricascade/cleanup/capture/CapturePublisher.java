package dev.ricascade.cleanup.capture;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import dev.ricascade.cleanup.events.PublisherConfirms;
import dev.ricascade.events.EventCodec;
import dev.ricascade.events.EventHeaders;

/**
 * Publishes captured events as the outbox does: JSON envelope, message id = event id, routing key
 * {@code <entity>.<action>}, persistent, with the per-row ordering header, each counted as sent only once the
 * broker confirmed it and did not return it as unroutable.
 */
class CapturePublisher {

    private final RabbitTemplate rabbit;
    private final EventCodec codec = new EventCodec();
    private final String exchange;
    private final Duration confirmTimeout;

    CapturePublisher(RabbitTemplate rabbit, String exchange, Duration confirmTimeout) {
        this.rabbit = rabbit;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Sends the events in order and waits for every confirm.
     *
     * @throws PublishFailedException naming the first event the broker did not take; none of the batch counts as sent
     */
    void publishConfirmed(List<OutgoingEvent> events) throws InterruptedException {
        Map<OutgoingEvent, CorrelationData> inFlight = new LinkedHashMap<>();
        rabbit.invoke(channel -> { // one channel for the whole batch rather than one checkout per event
            for (OutgoingEvent event : events) {
                CorrelationData correlation = new CorrelationData(event.event().eventId());
                channel.send(exchange, event.event().routingKey(), message(event), correlation);
                inFlight.put(event, correlation);
            }
            return null;
        });
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<OutgoingEvent, CorrelationData> entry : inFlight.entrySet()) {
            PublisherConfirms.whyNotTaken(entry.getValue(), deadline)
                    .ifPresent(problem -> failures.add("event " + entry.getKey().event().eventId() + ": " + problem));
        }
        if (!failures.isEmpty()) {
            throw new PublishFailedException(failures.size() + " of " + events.size() + " event(s) not confirmed, first "
                    + failures.get(0));
        }
    }

    private Message message(OutgoingEvent event) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(event.event().eventId());
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding(StandardCharsets.UTF_8.name());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setHeader(EventHeaders.ORDER_KEY, event.orderKey());
        return new Message(codec.write(event.event()), properties);
    }

    static class PublishFailedException extends RuntimeException {
        PublishFailedException(String message) {
            super(message);
        }
    }
}
