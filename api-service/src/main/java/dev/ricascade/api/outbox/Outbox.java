package dev.ricascade.api.outbox;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.ApiProperties;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventCodec;

/**
 * Records an event in the caller's transaction, so that it commits, or not, with the change it
 * describes. The relay publishes it afterwards.
 * <p>
 * Append after the changed row is locked (updated or deleted): two transactions changing the same row
 * then append in the order they commit, and the relay keeps the events of one aggregate in that order.
 */
@Component
public class Outbox {

    private static final String APPEND = """
            INSERT INTO `ri_outbox` (`event_id`, `aggregate_key`, `routing_key`, `payload`)
            VALUES (?, ?, ?, ?)""";
    private static final String RECORDED = """
            SELECT `routing_key`, `sent_at` FROM `ri_outbox` WHERE `event_id` = ?""";

    private final JdbcClient jdbc;
    private final EventCodec codec = new EventCodec();
    private final boolean enabled;

    Outbox(JdbcClient jdbc, ApiProperties properties) {
        this.jdbc = jdbc;
        this.enabled = properties.outbox().enabled();
    }

    /**
     * @param event        the event to publish
     * @param aggregateKey identifies the changed row, such as {@code customers:42}: events with the same key
     *                     are published one after the other, in order
     * @return false when the outbox is off ({@code ricascade.outbox.enabled=false}): nothing was recorded, and a
     *         binlog capture publishes the change under an id of its own
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean append(ChangeEvent event, String aggregateKey) {
        if (!enabled) {
            return false;
        }
        jdbc.sql(APPEND)
                .param(event.eventId())
                .param(aggregateKey.length() > 255 ? aggregateKey.substring(0, 255) : aggregateKey)
                .param(event.routingKey())
                .param(new String(codec.write(event), StandardCharsets.UTF_8))
                .update();
        return true;
    }

    /** The event as the outbox holds it, until the cleaner deletes it once sent and past the retention period. */
    public Optional<Recorded> recorded(String eventId) {
        return jdbc.sql(RECORDED).param(eventId)
                .query((rs, n) -> new Recorded(rs.getString("routing_key"), rs.getTimestamp("sent_at") != null))
                .optional();
    }

    /**
     * @param routingKey what happened, {@code <table>.<action>}
     * @param sent       whether the broker has confirmed it
     */
    public record Recorded(String routingKey, boolean sent) {
    }
}
