package dev.ricascade.api.cascades;

import java.net.URI;

import org.springframework.http.ResponseEntity;

/**
 * The answer to a change whose cascade runs later: 202 Accepted, with the cascade's status as {@code Location}.
 *
 * @param eventId the event that starts the cascade
 * @param status  where its progress is reported
 */
public record CascadeAccepted(String eventId, URI status) {

    /** @param eventId null when the outbox is off: accepted, but there is no cascade of ours to watch */
    public static ResponseEntity<CascadeAccepted> response(String eventId) {
        if (eventId == null) {
            return ResponseEntity.accepted().build();
        }
        URI status = URI.create("/api/cascades/" + eventId);
        return ResponseEntity.accepted().location(status).body(new CascadeAccepted(eventId, status));
    }
}
