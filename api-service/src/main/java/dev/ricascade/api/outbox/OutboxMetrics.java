package dev.ricascade.api.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox backlog and the age of its oldest pending event, read from the table when scraped. */
@Component
class OutboxMetrics implements MeterBinder {

    private static final String BACKLOG = """
            SELECT COUNT(*) FROM `ri_outbox` WHERE `sent_at` IS NULL""";
    private static final String OLDEST_PENDING_AGE_MS = """
            SELECT COALESCE(TIMESTAMPDIFF(MICROSECOND, MIN(`created_at`), CURRENT_TIMESTAMP(3)) / 1000, 0)
            FROM `ri_outbox` WHERE `sent_at` IS NULL""";

    private final JdbcClient jdbc;

    OutboxMetrics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("ricascade.outbox.backlog", this, m -> m.query(BACKLOG))
                .description("outbox events not yet confirmed by the broker")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("ricascade.outbox.oldest.pending.age", this, m -> m.query(OLDEST_PENDING_AGE_MS) / 1000.0)
                .description("how long the oldest pending outbox event has waited, 0 when none is pending")
                .baseUnit("seconds")
                .register(registry);
    }

    private double query(String sql) {
        try {
            return jdbc.sql(sql).query(Number.class).single().doubleValue();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
