package dev.ricascade.cleanup.capture;

import dev.ricascade.events.ChangeEvent;

/**
 * An event to publish, with the per-row ordering key the broker shards by.
 *
 * @param event    the envelope
 * @param orderKey {@code <table>:<primary key values joined by ','>}
 */
record OutgoingEvent(ChangeEvent event, String orderKey) {
}
