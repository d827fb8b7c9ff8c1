package dev.ricascade.api.integrity;

/**
 * The write collides, in a UNIQUE key of a child table, with a row that a pending ON UPDATE CASCADE rewrites:
 * the duplicate InnoDB would refuse at this instant, since its cascade would already have rewritten that row.
 * 409, for good (the rewrite will happen).
 */
public class PendingDuplicateException extends RuntimeException {

    private final String eventId;
    private final String uniqueKey;

    PendingDuplicateException(String message, String eventId, String uniqueKey) {
        super(message);
        this.eventId = eventId;
        this.uniqueKey = uniqueKey;
    }

    /** @return the event whose cascade rewrites the row collided with */
    public String eventId() {
        return eventId;
    }

    /** @return the UNIQUE key of the child table that would hold a duplicate */
    public String uniqueKey() {
        return uniqueKey;
    }
}
