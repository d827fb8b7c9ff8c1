package dev.ricascade.cleanup.cascade;

/**
 * A well-formed event that must not be carried out, such as a {@code deleted} event for a row that
 * still exists. Dead-lettered with this message as the reason; retrying would not change it.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String message) {
        super(message);
    }
}
