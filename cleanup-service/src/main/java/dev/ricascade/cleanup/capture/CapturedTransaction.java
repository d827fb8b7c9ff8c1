package dev.ricascade.cleanup.capture;

import java.util.List;

/**
 * One committed transaction as the capture read it: the events of its parent changes (none when it changed no
 * parent or was the cleanup service's own), and where the binlog stands after it.
 *
 * @param events      in binlog order
 * @param end         where to resume once these events are published
 * @param committedAt when the server wrote it, epoch milliseconds
 */
record CapturedTransaction(List<OutgoingEvent> events, CapturePosition end, long committedAt) {
}
