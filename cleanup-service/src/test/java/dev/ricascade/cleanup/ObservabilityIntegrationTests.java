package dev.ricascade.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;

/** Health says whether the database and the broker answer; metrics count events and rows. */
class ObservabilityIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private HealthEndpoint health;

    @Autowired
    private MeterRegistry meters;

    @Test
    void healthCoversTheDatabaseAndTheBroker() {
        var overall = health.health();
        assertThat(overall.getStatus()).isEqualTo(Status.UP);
        assertThat(((CompositeHealthDescriptor) overall).getComponents()).containsKeys("db", "rabbit", "shards");
    }

    @Test
    void healthAndAGaugeSayWhichShardsThisReplicaConsumes() {
        // alone, this replica owns every shard (4 in the tests' configuration)
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(meters.get("ricascade.shards.owned").gauge().value())
                .isEqualTo(properties.shards()));
        var shards = ((CompositeHealthDescriptor) health.health()).getComponents().get("shards");
        assertThat(shards.getStatus()).isEqualTo(Status.UP);
        assertThat(((org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor) shards).getDetails())
                .containsEntry("owned", new java.util.TreeSet<>(java.util.List.of(0, 1, 2, 3)))
                .containsEntry("liveMembers", 1);
    }

    @Test
    void metricsCountEventsByOutcomeAndRowsByRelationship() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'a@x.org')");
        sql("INSERT INTO orders (id, customer_id) VALUES (1, 1), (2, 1), (3, 1)");
        sql("DELETE FROM customers WHERE id = 1");
        double before = meters.counter("ricascade.events", "outcome", "done").count();

        awaitDone(publish(deleted("customers", Map.of("id", 1, "email", "a@x.org"))));

        // counted just after the status says done
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(meters.counter("ricascade.events", "outcome", "done").count()).isEqualTo(before + 1));
        assertThat(meters.counter("ricascade.rows", "relationship", "orders_customer", "change", "deleted").count())
                .isGreaterThanOrEqualTo(3);
    }
}
