package dev.ricascade.events;

/**
 * Message headers every producer of change events sets (the api-service's outbox today, a binlog capture
 * later) and the broker's topology relies on.
 */
public final class EventHeaders {

    /**
     * The identity of the changed row, such as {@code customers:42}: the consistent-hash exchange in front of
     * the cleanup service's shard queues hashes on it, so all events about one row land in one shard, in order.
     * Events without it (published by hand) are still delivered, all to one shard.
     */
    public static final String ORDER_KEY = "x-ricascade-order-key";

    private EventHeaders() {
    }
}
