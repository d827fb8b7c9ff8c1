package dev.ricascade.cleanup.events;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.ricascade.cleanup.CleanupProperties;

/**
 * Which shards this replica consumes, under {@code /actuator/health} as {@code shards}, and how many as the gauge
 * {@code ricascade.shards.owned}. Owning none is not a fault: with more replicas than shards some stand by.
 */
@Component("shards")
class ShardsHealthIndicator implements HealthIndicator {

    private final ShardConsumers consumers;
    private final CleanupProperties properties;

    ShardsHealthIndicator(ShardConsumers consumers, CleanupProperties properties, MeterRegistry meters) {
        this.consumers = consumers;
        this.properties = properties;
        Gauge.builder("ricascade.shards.owned", consumers, c -> c.owned().size())
                .description("shard queues this replica consumes").register(meters);
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("member", consumers.memberId())
                .withDetail("owned", consumers.owned())
                .withDetail("shards", properties.shards())
                .withDetail("liveMembers", consumers.liveMembers().size())
                .build();
    }
}
