package dev.ricascade.cleanup.cascade;

/**
 * The service is shutting down: the cascade stopped between two committed batches. The message is
 * handed back to the queue, and whichever replica gets it next finishes the work.
 */
public class CascadeStoppedException extends RuntimeException {

    CascadeStoppedException() {
        this("the service is shutting down; the cascade stopped between batches and will be finished on redelivery");
    }

    public CascadeStoppedException(String message) {
        super(message);
    }
}
