package dev.ricascade.api;

/** The request collides with the current state, such as a name that is taken: 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
