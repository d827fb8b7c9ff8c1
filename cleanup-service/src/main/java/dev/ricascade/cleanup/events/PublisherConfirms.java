package dev.ricascade.cleanup.events;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.amqp.rabbit.connection.CorrelationData;

/**
 * The broker's answer to a message this service published with correlated publisher confirms: it counts as taken
 * only once the broker confirmed it and did not return it as unroutable. For the dead letters and the capture.
 */
public final class PublisherConfirms {

    /**
     * Waits for the message's confirm until the deadline.
     *
     * @param deadline the {@link System#nanoTime()} by which the confirm must have come
     * @return empty once the broker took the message, else why it did not
     */
    public static Optional<String> whyNotTaken(CorrelationData correlation, long deadline) throws InterruptedException {
        try {
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!confirm.ack()) {
                return Optional.of("the broker refused it (nack): " + confirm.reason());
            }
            if (correlation.getReturned() != null) {
                return Optional.of("no queue is bound for routing key " + correlation.getReturned().getRoutingKey()
                        + " (returned: " + correlation.getReturned().getReplyText() + ")");
            }
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of("publishing failed: " + e.getCause());
        } catch (TimeoutException e) {
            return Optional.of("no confirm from the broker in time");
        }
    }

    private PublisherConfirms() {
    }
}
