package dev.ricascade.api.cascadestatus;

import java.time.Instant;
import java.util.List;

/**
 * How far the cascade started by one event has come.
 *
 * @param eventId       the event
 * @param routingKey    what happened, {@code <table>.<action>}
 * @param state         pending (not picked up by the cleanup service yet), running, done or failed
 * @param published     whether the broker has confirmed the event
 * @param detail        the cleanup service's note, such as why it failed
 * @param startedAt     when the cleanup service started on it
 * @param finishedAt    when it finished
 * @param relationships rows affected so far, per relationship
 */
public record CascadeStatus(String eventId, String routingKey, String state, boolean published, String detail,
                            Instant startedAt, Instant finishedAt, List<RelationshipProgress> relationships) {

    /** Rows the cascade has deleted, set to NULL, rewritten, or found violating a RESTRICT, in one relationship. */
    public record RelationshipProgress(String relationship, long deleted, long nulled, long rewritten, long violations) {
    }
}
