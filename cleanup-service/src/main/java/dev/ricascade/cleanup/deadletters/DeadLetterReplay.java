package dev.ricascade.cleanup.deadletters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.schema.SchemaCatalog;

/**
 * Sends dead-lettered events back through the events exchange once what made them fail has been fixed
 * (a manifest corrected, a column widened). Each message goes to {@code ricascade.exchange} with the routing
 * key it first arrived with, its body, message id and other headers (such as {@code x-ricascade-order-key})
 * as they were, and without the headers that recorded why it failed. What still fails is dead-lettered again
 * by the consumer, with its new reason.
 * <p>
 * Nothing is lost if the service dies midway: a message is taken with {@code basic.get} unacknowledged,
 * republished on a confirming channel, and acknowledged on the dead-letter queue only after the broker has
 * confirmed the republish (a crash in between leaves it on the queue, to be replayed again: at least once,
 * and the cascade recognises a redelivered event that is done already). Only the messages waiting when the
 * replay starts are taken, so one that fails again is not replayed twice in the same run.
 */
@Component
public class DeadLetterReplay {

    /**
     * The headers {@code events.DeadLetters} adds to record a failure, those the broker adds when it dead-letters,
     * and the dead-letter queue's own delivery count (a quorum queue's, which would otherwise travel on).
     */
    static final Set<String> FAILURE_HEADERS = Set.of("x-delivery-count","x-ricascade-reason", "x-ricascade-field", "x-ricascade-exception",
            "x-ricascade-failed-at", "x-original-exchange", "x-original-routing-key", "x-death", "x-first-death-reason",
            "x-first-death-queue", "x-first-death-exchange", "x-last-death-reason", "x-last-death-queue",
            "x-last-death-exchange");

    private static final long CONFIRM_TIMEOUT_MILLIS = 10_000;
    private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

    /**
     * @param replayed   republished, confirmed and taken off the dead-letter queue
     * @param kept       left on the dead-letter queue, each with why
     * @param waiting    of the messages waiting when the replay began, those still there: kept, or beyond {@code max}
     *                   (a replayed message that fails again comes back on top of these, with its new reason)
     */
    public record Report(int replayed, List<String> kept, long waiting) {
    }

    private final ConnectionFactory connections;
    private final CleanupProperties properties;
    private final SchemaCatalog catalog;
    private final Counter replayedCounter;

    DeadLetterReplay(ConnectionFactory connections, CleanupProperties properties, SchemaCatalog catalog, MeterRegistry meters) {
        this.connections = connections;
        this.properties = properties;
        this.catalog = catalog;
        this.replayedCounter = Counter.builder("ricascade.replayed")
                .description("dead-lettered messages republished to the events exchange").register(meters);
    }

    /** How many messages wait in the dead-letter queue. */
    public long waiting() {
        return onOwnChannel(channel -> channel.queueDeclarePassive(properties.deadLetterQueue()).getMessageCount());
    }

    /** Replays up to {@code max} of the messages waiting in the dead-letter queue now, oldest first. */
    public Report replay(int max) {
        catalog.refresh(); // the fix may have been to the schema: what a column holds is read afresh
        return onOwnChannel(channel -> replay(channel, max));
    }

    private Report replay(Channel channel, int max) throws IOException, InterruptedException, TimeoutException {
        String queue = properties.deadLetterQueue();
        channel.confirmSelect();
        AtomicBoolean returned = new AtomicBoolean();
        // a mandatory publish that no queue takes comes back before its confirm, on the same connection thread
        channel.addReturnListener(r -> returned.set(true));
        long waitingBefore = channel.queueDeclarePassive(queue).getMessageCount();
        long limit = Math.min(max, waitingBefore);
        int replayed = 0;
        List<String> kept = new ArrayList<>();
        List<Long> keptTags = new ArrayList<>();
        for (long i = 0; i < limit; i++) {
            GetResponse message = channel.basicGet(queue, false);
            if (message == null) {
                break;
            }
            long tag = message.getEnvelope().getDeliveryTag();
            Map<String, Object> headers = message.getProps().getHeaders() == null ? Map.of() : message.getProps().getHeaders();
            String routingKey = OriginalRoutingKey.of(headers);
            if (routingKey == null) {
                kept.add(describe(message) + ": no x-original-routing-key header and no x-death entry saying where it came from");
                keptTags.add(tag);
                continue;
            }
            returned.set(false);
            channel.basicPublish(properties.exchange(), routingKey, true, withoutFailureHeaders(message.getProps(), headers),
                    message.getBody());
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
            if (returned.get()) {
                kept.add(describe(message) + ": no queue is bound to exchange '" + properties.exchange()
                        + "' for routing key '" + routingKey + "'");
                keptTags.add(tag);
                continue;
            }
            channel.basicAck(tag, false);
            replayedCounter.increment();
            replayed++;
        }
        for (long tag : keptTags) {
            channel.basicNack(tag, false, true);
        }
        long waiting = waitingBefore - replayed;
        log.info("Replayed {} dead letter(s) from {} to exchange {}; {} kept, {} waiting", replayed, queue,
                properties.exchange(), kept.size(), waiting);
        kept.forEach(k -> log.warn("Dead letter kept: {}", k));
        return new Report(replayed, List.copyOf(kept), waiting);
    }

    private static AMQP.BasicProperties withoutFailureHeaders(AMQP.BasicProperties props, Map<String, Object> headers) {
        Map<String, Object> kept = new HashMap<>(headers);
        kept.keySet().removeAll(FAILURE_HEADERS);
        return props.builder().headers(kept).build();
    }

    private static String describe(GetResponse message) {
        String id = message.getProps().getMessageId();
        return "message " + (id == null ? "without id" : "'" + id + "'");
    }

    private interface ChannelWork<T> {
        T run(Channel channel) throws IOException, InterruptedException, TimeoutException;
    }

    /**
     * A plain channel of its own on the service's connection, not one of the template's cached channels: the
     * messages it takes and does not acknowledge go back to the queue when it closes, whatever happened.
     */
    private <T> T onOwnChannel(ChannelWork<T> work) {
        try (Channel channel = connections.createConnection().getDelegate().createChannel()) {
            if (channel == null) {
                throw new AmqpException("the broker connection has no channel left for the replay");
            }
            return work.run(channel);
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            throw new AmqpException("dead-letter replay from " + properties.deadLetterQueue() + " stopped: " + e
                    + "; what was not confirmed is still on the queue", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AmqpException("dead-letter replay interrupted; what was not confirmed is still on the queue", e);
        }
    }
}
