package dev.ricascade.cleanup.events;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;
import dev.ricascade.cleanup.cascade.CascadeMetrics;
import dev.ricascade.cleanup.cascade.CascadeMetrics.Outcome;
import dev.ricascade.cleanup.cascade.CascadeService;
import dev.ricascade.cleanup.cascade.CascadeStoppedException;
import dev.ricascade.cleanup.cascade.RejectedEventException;
import dev.ricascade.events.ChangeEvent;
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
 * One listener serves every shard this replica owns ({@link ShardConsumers}), each shard from a consumer of its own.
 */
@Component
class CleanupListener implements MessageListener {

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

    @Override
    public void onMessage(Message message) {
        ChangeEvent event;
        try {
            event = codec.read(message.getBody(), message.getMessageProperties().getReceivedRoutingKey());
        } catch (InvalidEventException e) {
            reject(message, null, e, e.field(), Outcome.INVALID);
            return;
        }
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

    /**
     * Retries transient failures in place, round after round of backoff, for as long as they last: handing
     * the message back would let the events prefetched behind it overtake it (two key updates of one row
     * applied out of order). Only a shutdown hands it back, to be finished by whichever consumer gets it.
     */
    private void handleUntilDone(ChangeEvent event) {
        while (true) {
            try {
                Retry.decorateRunnable(retry, () -> cascades.handle(event)).run();
                return;
            } catch (RuntimeException e) {
                if (!isTransient(e) || cascades.stopping()) {
                    throw e;
                }
                metrics.event(Outcome.FAILED);
                log.error("Event {} still failing after {} attempts; retrying in place so that later events do not "
                        + "overtake it", event.eventId(), retry.getRetryConfig().getMaxAttempts(), e);
            }
        }
    }

    private void reject(Message message, ChangeEvent event, RuntimeException cause, String field, Outcome outcome) {
        log.warn("Dead-lettering {} event {}: {}", outcome.name().toLowerCase(), event == null ? "(unreadable)" : event.eventId(),
                cause.getMessage());
        deadLetters.send(message, cause, field);
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
