package dev.ricascade.cleanup.cascade;

/**
 * A combined run met something it does not do for several events at once (a subtree larger than one batch, a RESTRICT
 * that finds children, a row changed under it, a value held again): its transaction rolls back and each of its events
 * runs alone, as it would have without combining.
 */
final class NotCombinableException extends RuntimeException {

    NotCombinableException(String reason) {
        super(reason, null, false, false);
    }
}
