package dev.ricascade.api.shop;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.ricascade.api.ConflictException;
import dev.ricascade.api.Inserts;
import dev.ricascade.api.Page;
import dev.ricascade.api.PageRequest;
import dev.ricascade.api.integrity.PendingRewrites;
import dev.ricascade.api.RetriedOnDeadlock;
import dev.ricascade.api.integrity.ReferenceGuard;

@Service
class Subscriptions {

    private static final String INSERT = """
            INSERT INTO `newsletter_subscriptions` (`customer_email`, `topic`) VALUES (?, ?)""";
    private static final String LIST_FOR_EMAIL = """
            SELECT `id`, `customer_email`, `topic` FROM `newsletter_subscriptions` WHERE `customer_email` = ?
            ORDER BY `id` LIMIT ? OFFSET ?""";

    private final JdbcClient jdbc;
    private final ReferenceGuard guard;
    private final PendingRewrites rewrites;

    Subscriptions(JdbcClient jdbc, ReferenceGuard guard, PendingRewrites rewrites) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.rewrites = rewrites;
    }

    @RetriedOnDeadlock
    @Transactional
    Subscription subscribe(String email, String topic) {
        guard.requireLiveParents("newsletter_subscriptions", Map.of("customer_email", email));
        long id = Inserts.returningId(jdbc.sql(INSERT).param(email).param(topic),
                duplicate -> new ConflictException(email + " is already subscribed to " + topic + "."));
        rewrites.requireNotRewritten("newsletter_subscriptions", Map.of("id", id));
        rewrites.requireNoCollision("newsletter_subscriptions", Map.of("id", id));
        return new Subscription(id, email, topic);
    }

    Page<Subscription> forEmail(String email, PageRequest page) {
        return Page.query(jdbc.sql(LIST_FOR_EMAIL).param(email), Subscription.class, page);
    }
}
