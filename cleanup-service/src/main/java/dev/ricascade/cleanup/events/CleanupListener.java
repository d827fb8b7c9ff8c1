package dev.ricascade.cleanup.events;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpIOException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareBatchMessageListener;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.cascade.CascadeMetrics;
import dev.ricascade.cleanup.cascade.CascadeMetrics.Outcome;
import dev.ricascade.cleanup.cascade.CascadeReport;
import dev.ricascade.cleanup.cascade.CascadeService;
import dev.ricascade.cleanup.cascade.CascadeStoppedException;
import dev.ricascade.cleanup.cascade.RejectedEventException;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventAction;
import dev.ricascade.events.EventCodec;
import dev.ricascade.events.InvalidEventException;

/**
 * Consumes the events. What can never succeed (bad JSON, an entity or column the manifest does not
 * know, a parent that still exists, a schema that does not fit) goes to the dead-letter queue at once
 * with its reason, and so does any database error that is not one of {@link TransientFailures}; what
 * might succeed later (database down, deadlock, lock wait timeout) is retried in place with
 * exponential backoff until it does, and handed back to the queue only when the service shuts down.
 * The message is acknowledged only after its cascade committed or its dead letter was confirmed.
 * <p>
 * One listener serves every shard this replica owns ({@link ShardConsumers}), each shard from a consumer of its own that
 * hands it up to {@code ricascade.prefetch} events at a time, in queue order.
 */
@Component
class CleanupListener implements ChannelAwareBatchMessageListener {

    private static final Logger log = LoggerFactory.getLogger(CleanupListener.class);

    private final EventCodec codec = new EventCodec();
    private final CascadeService cascades;
    private final DeadLetters deadLetters;
    private final CascadeMetrics metrics;
    private final Retry retry;

    CleanupListener(CascadeService cascades, DeadLetters deadLetters, CascadeMetrics metrics, CleanupProperties properties) {
        this.cascades = cascades;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        CleanupProperties.Retry settings = properties.retry();
        this.retry = Retry.of("cleanup", RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialInterval(), 2.0,
                        settings.maxInterval()))
                .retryOnException(CleanupListener::isTransient)
                .build());
        retry.getEventPublisher().onRetry(event -> {
            metrics.event(Outcome.RETRIED);
            log.warn("Transient failure, attempt {} of {}; retrying in {}: {}", event.getNumberOfRetryAttempts(),
                    settings.maxAttempts(), event.getWaitInterval(), event.getLastThrowable().toString());
        });
    }

    /**
     * One shard's batch, in queue order: runs of deletes go to {@link CascadeService#handleTogether} (what it leaves
     * alone is then handled one by one), any other event alone; each message is acknowledged once it and everything
     * before it are finished. Thrown only when the service stops, or when something unforeseen fails: then the
     * channel is closed, so the broker hands every unacknowledged message of the shard back in its order.
     */
    @Override
    public void onMessageBatch(List<Message> messages, Channel channel) {
        if (cascades.stopping()) {
            // events of this shard before these are being handed back: these go back with them, untouched
            throw new CascadeStoppedException("handing " + messages.size() + " event(s) back to the queue untouched: "
                    + "the service is shutting down");
        }
        List<Message> deletes = new ArrayList<>();
        List<ChangeEvent> deleteEvents = new ArrayList<>();
        try {
            for (Message message : messages) {
                if (!channel.isOpen()) {
                    // closed before or under the batch (a hand-over that waited too long): its unfinished messages are
                    // back in the queue, someone else's now
                    throw new CascadeStoppedException("the channel of " + messages.size() + " event(s) has closed; "
                            + "the unfinished ones are back in the queue");
                }
                ChangeEvent event = read(message);
                if (event != null && event.action() == EventAction.DELETED) {
                    deletes.add(message);
                    deleteEvents.add(event);
                    continue;
                }
                handleTogether(deletes, deleteEvents, channel);
                if (event == null) {
                    acknowledge(channel, message);
                    continue;
                }
                handle(message, event);
                acknowledge(channel, message);
            }
            handleTogether(deletes, deleteEvents, channel);
        } catch (RuntimeException e) {
            if (!(e instanceof CascadeStoppedException) && !cascades.stopping()) {
                // a dead letter the broker did not confirm, say: the unfinished events must not be overtaken
                log.error("Unexpected failure in a batch of {} event(s); handing the unfinished ones back in order",
                        messages.size(), e);
                handBack(channel);
            }
            throw e;
        }
    }

    /** The message's event, or null for one that cannot be read: it is dead-lettered at once. */
    private ChangeEvent read(Message message) {
        try {
            return codec.read(message.getBody(), message.getMessageProperties().getReceivedRoutingKey());
        } catch (InvalidEventException e) {
            reject(message, null, e, e.field(), Outcome.INVALID);
            return null;
        }
    }

    private void handleTogether(List<Message> messages, List<ChangeEvent> events, Channel channel) {
        if (messages.isEmpty()) {
            return;
        }
        List<CascadeReport> reports;
        try {
            // a message the broker delivered before may be of an event with a status row already; one it never did
            // can be so only if published twice, and then the run's status insert refuses it and it runs alone
            boolean seenBefore = messages.stream().anyMatch(m -> Boolean.TRUE.equals(m.getMessageProperties().getRedelivered()));
            reports = cascades.handleTogether(events, seenBefore);
        } catch (CascadeStoppedException e) {
            log.info("Handing {} delete event(s) back to the queue: {}", events.size(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            // the run could not even begin (the status table unreadable, say): each event alone, with its retries
            log.debug("Could not combine {} delete event(s), each runs alone: {}", events.size(), e.toString());
            reports = Collections.nCopies(events.size(), null);
        }
        for (int i = 0; i < messages.size(); i++) {
            if (reports.get(i) == null) {
                handle(messages.get(i), events.get(i));
            }
        }
        acknowledge(channel, messages.get(messages.size() - 1));
        messages.clear();
        events.clear();
    }

    /** One event alone: done, dead-lettered, or (only when the service stops) thrown to be handed back. */
    private void handle(Message message, ChangeEvent event) {
        try {
            handleUntilDone(event);
        } catch (InvalidEventException e) {
            reject(message, event, e, e.field(), Outcome.INVALID);
        } catch (CascadeStoppedException e) {
            log.info("Handing event {} back to the queue: {}", event.eventId(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            if (isTransient(e)) {
                log.info("Handing event {} back to the queue while shutting down: {}", event.eventId(), e.toString());
                throw e;
            }
            reject(message, event, e, null, e instanceof RejectedEventException ? Outcome.REJECTED : Outcome.FAILED);
        }
    }

    /** This message and, as everything before it on the channel is finished, all those before it. */
    private static void acknowledge(Channel channel, Message message) {
        try {
            channel.basicAck(message.getMessageProperties().getDeliveryTag(), true);
        } catch (IOException e) {
            throw new AmqpIOException(e);
        }
    }

    /**
     * Closes the shard's channel: the broker returns all its unacknowledged messages at once, in their order, and the
     * container consumes again on a new channel. A nack would return only the batch, behind messages already
     * prefetched after it.
     */
    private static void handBack(Channel channel) {
        try {
            // the channel itself: closing the container's cached proxy only returns it to the cache, the broker keeps
            // the messages with it and the shard stalls (seen with a dead letter the broker returned)
            (channel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : channel).close();
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.warn("Could not close the channel to hand the batch back; it is returned when the channel ends: {}",
                    e.toString());
        }
    }

    /**
     * Retries transient failures in place, round after round of backoff, for as long as they last: handing
     * the message back would let the events prefetched behind it overtake it (two key updates of one row
     * applied out of order). Only a shutdown hands it back, to be finished by whichever consumer gets it.
     */
    private void handleUntilDone(ChangeEvent event) {
        untilDone("Event " + event.eventId(), () -> cascades.handle(event));
    }

    /**
     * Runs the work, retrying transient failures with backoff round after round until it passes; only a shutdown, or a
     * failure that is not transient, ends it with the exception.
     */
    private void untilDone(String what, Runnable work) {
        while (true) {
            try {
                Retry.decorateRunnable(retry, work).run();
                return;
            } catch (RuntimeException e) {
                if (!isTransient(e) || cascades.stopping()) {
                    throw e;
                }
                metrics.event(Outcome.FAILED);
                log.error("{} still failing after {} attempts; retrying in place so that later events do not "
                        + "overtake it", what, retry.getRetryConfig().getMaxAttempts(), e);
            }
        }
    }

    /**
     * Dead-letters the message and records the event failed. A dead letter the broker does not take (no confirm, or
     * returned: the dead-letter queue or its binding gone) is retried in place like any transient failure: handed
     * back, the message would spend the queue's delivery limit, past which the broker dead-letters it itself, to the
     * same place that is not taking it now, and it would be gone.
     */
    private void reject(Message message, ChangeEvent event, RuntimeException cause, String field, Outcome outcome) {
        String id = event == null ? "(unreadable)" : event.eventId();
        log.warn("Dead-lettering {} event {}: {}", outcome.name().toLowerCase(), id, cause.getMessage());
        untilDone("The dead letter of event " + id, () -> deadLetters.send(message, cause, field));
        if (event != null) {
            try {
                cascades.failed(event, cause.getMessage());
            } catch (RuntimeException e) {
                log.warn("Could not record the failed status of event {}: {}", event.eventId(), e.toString());
            }
        }
        metrics.event(outcome);
    }

    /** Worth retrying: the connection, a lock, a server restarting, the broker; not the event, the manifest or the schema. */
    static boolean isTransient(Throwable e) {
        return TransientFailures.isTransient(e);
    }
}
