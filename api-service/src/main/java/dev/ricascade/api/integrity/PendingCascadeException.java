package dev.ricascade.api.integrity;

/**
 * The write would hand a parent row a referenced value that is not free yet: rows still reference it that
 * belong to a pending cascade (or are orphans, which the orphan sweep repairs), or a pending ON UPDATE CASCADE
 * will move rows into it. InnoDB's atomic cascade would have freed it already; here the client retries once the
 * cascade is done. 409 with {@code Retry-After}.
 */
public class PendingCascadeException extends RuntimeException {

    private final String eventId;

    /** @param eventId the event whose cascade the write waits for, or null when it waits for the orphan sweep */
    PendingCascadeException(String message, String eventId) {
        super(message);
        this.eventId = eventId;
    }

    /** @return the event whose cascade must finish first, or null when no event is known (orphans) */
    public String eventId() {
        return eventId;
    }
}
