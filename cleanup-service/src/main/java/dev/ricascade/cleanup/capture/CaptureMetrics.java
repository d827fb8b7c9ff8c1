package dev.ricascade.cleanup.capture;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code ricascade.capture.lag} (seconds from a transaction's commit to the broker's confirm of its events; 0
 * while nothing waits) and {@code ricascade.capture.events{table,action}} (events published).
 */
class CaptureMetrics {

    private final MeterRegistry registry;
    private final AtomicLong lagMillis = new AtomicLong();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CaptureMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ricascade.capture.lag", lagMillis, millis -> millis.get() / 1000.0)
                .description("seconds between a captured transaction's commit and the broker's confirm of its events")
                .baseUnit("seconds").register(registry);
    }

    void published(List<OutgoingEvent> events, long committedAt) {
        for (OutgoingEvent event : events) {
            counter(event.event().entity(), event.event().action().wireName()).increment();
        }
        lagMillis.set(Math.max(0, System.currentTimeMillis() - committedAt));
    }

    private Counter counter(String table, String action) {
        return counters.computeIfAbsent(table + "." + action, k -> Counter.builder("ricascade.capture.events")
                .description("parent changes published from the binlog").tag("table", table).tag("action", action)
                .register(registry));
    }

    void caughtUp() {
        lagMillis.set(0);
    }
}
