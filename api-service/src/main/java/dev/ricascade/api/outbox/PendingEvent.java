package dev.ricascade.api.outbox;

/** An outbox row not yet confirmed by the broker. */
record PendingEvent(long id, String eventId, String aggregateKey, String routingKey, String payload) {
}
