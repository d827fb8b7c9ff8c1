package dev.ricascade.events;

/**
 * An event that can never be processed as it is: malformed JSON, a missing or ill-typed field, or
 * (raised by the consumer) something the manifest does not know. Says which field and why.
 */
public class InvalidEventException extends RuntimeException {

    private final String field;

    public InvalidEventException(String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.field = field;
    }

    /** The offending field of the envelope (such as {@code key.id}), or null when the whole body is at fault. */
    public String field() {
        return field;
    }
}
