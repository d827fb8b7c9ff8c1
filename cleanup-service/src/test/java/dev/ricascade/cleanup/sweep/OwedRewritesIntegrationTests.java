package dev.ricascade.cleanup.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import dev.ricascade.cleanup.CleanupIntegrationTest;
import dev.ricascade.events.ChangeEvent;
import dev.ricascade.events.EventCodec;

/** The sweep tells a child that a key change left behind (a rewrite owed) from one whose parent is gone. */
@TestPropertySource(properties = {"ricascade.sweep.cron=-", "ricascade.sweep.grace=0s",
        "ricascade.sweep.lock-at-least-for=0s"})
class OwedRewritesIntegrationTests extends CleanupIntegrationTest {

    @Autowired
    private OrphanSweep sweep;

    @Test
    void anOrphanLeftByARecordedKeyChangeIsRewrittenNotDeleted() {
        sql("INSERT INTO customers (id, email) VALUES (1, 'new@x.org')");
        sql("INSERT INTO subscriptions (customer_email, topic) VALUES ('Old@x.org', 'news'), ('old@x.org', 'deals'), "
                + "('gone@x.org', 'news')");
        sql("INSERT INTO deliveries (id, customer_email, topic) VALUES (1, 'Old@x.org', 'news')");
        // customer 1 changed its e-mail from old@x.org; the event's cascade never ran (it was dead-lettered)
        recordFailed(updated("customers", Map.of("id", 1, "email", "old@x.org"), Map.of("email", "new@x.org")));

        SweepReport dryRun = sweep.run(SweepStrategy.KEYSET, false).orElseThrow();

        assertThat(dryRun.relationship("subscriptions_customer").orphans()).isEqualTo(3);
        assertThat(dryRun.relationship("subscriptions_customer").owedRewrites()).isEqualTo(2);
        assertThat(count("subscriptions")).isEqualTo(3);

        SweepReport repair = sweep.run(SweepStrategy.JOIN, true).orElseThrow();

        assertThat(repair.relationship("subscriptions_customer").rewritten()).isEqualTo(2);
        assertThat(repair.relationship("subscriptions_customer").repaired()).as("only the one whose parent is gone").isEqualTo(1);
        assertThat(rows("SELECT CONCAT(customer_email, '|', topic) FROM subscriptions ORDER BY topic"))
                .containsExactly("new@x.org|deals", "new@x.org|news");
        assertThat(rows("SELECT customer_email FROM deliveries")).containsExactly("new@x.org");
        SweepReport after = sweep.run(SweepStrategy.KEYSET, false).orElseThrow();
        assertThat(after.relationship("subscriptions_customer").orphans()).isZero();
    }

    private void recordFailed(ChangeEvent event) {
        sql("INSERT INTO ri_cascade_status (event_id, entity, action, state, detail, event, finished_at) "
                + "VALUES (?, 'customers', 'updated', 'failed', 'dead-lettered', ?, CURRENT_TIMESTAMP(3))", event.eventId(),
                new String(new EventCodec().write(event), StandardCharsets.UTF_8));
    }
}
