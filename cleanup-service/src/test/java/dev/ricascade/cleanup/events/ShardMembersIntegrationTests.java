package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import dev.ricascade.testing.TestNamespace;

/** The replicas' heartbeats and shard claims, against the real database and the tables as the migration creates them. */
class ShardMembersIntegrationTests {

    private static final Duration EXPIRY = Duration.ofSeconds(5);

    private static TestNamespace namespace;
    private static JdbcClient jdbc;
    private static ShardMembers members;

    @BeforeAll
    static void migrate() {
        namespace = TestNamespace.create();
        DataSource dataSource = new DriverManagerDataSource(namespace.jdbcUrl(), namespace.databaseServer().user(),
                namespace.databaseServer().password());
        new ResourceDatabasePopulator(new ClassPathResource("db/cleanup/V1__cleanup_tables.sql")).execute(dataSource);
        jdbc = JdbcClient.create(dataSource);
        members = new ShardMembers(jdbc);
    }

    @AfterAll
    static void drop() {
        namespace.close();
    }

    @BeforeEach
    void nobody() {
        jdbc.sql("DELETE FROM ri_cleanup_shard").update();
        jdbc.sql("DELETE FROM ri_cleanup_member").update();
    }

    @Test
    void aShardOneMemberClaimedIsNotTakenByAnotherUntilItIsReleased() {
        members.heartbeat("replica-b", EXPIRY);
        members.heartbeat("replica-a", EXPIRY);

        assertThat(members.live(EXPIRY)).containsExactly("replica-a", "replica-b");
        assertThat(members.claim(3, "replica-a")).isTrue();
        assertThat(members.claim(3, "replica-b")).isFalse();
        assertThat(members.claimed("replica-a")).containsExactly(3);
        assertThat(members.claimed("replica-b")).isEmpty();

        members.release(3, "replica-b");
        assertThat(members.claimed("replica-a")).as("only the holder releases a claim").containsExactly(3);

        members.release(3, "replica-a");
        assertThat(members.claim(3, "replica-b")).isTrue();
        assertThat(members.claimed("replica-b")).containsExactly(3);
    }

    @Test
    void aMemberWhoseHeartbeatExpiredIsForgottenAndItsShardsAreFree() {
        members.heartbeat("replica-a", EXPIRY);
        members.claim(1, "replica-a");
        members.claim(2, "replica-a");
        jdbc.sql("UPDATE ri_cleanup_member SET heartbeat_at = CURRENT_TIMESTAMP(3) - INTERVAL 6 SECOND "
                + "WHERE member_id = 'replica-a'").update();

        assertThat(members.live(EXPIRY)).as("expired").isEmpty();
        assertThat(members.live(Duration.ofSeconds(7))).as("not yet under a longer expiry").containsExactly("replica-a");

        members.heartbeat("replica-b", EXPIRY);

        assertThat(members.live(EXPIRY)).containsExactly("replica-b");
        assertThat(members.claimed("replica-a")).isEmpty();
        assertThat(members.claim(1, "replica-b")).isTrue();
    }

    @Test
    void aMemberThatLeavesGivesUpItsShardsAndItsMembership() {
        members.heartbeat("replica-a", EXPIRY);
        members.heartbeat("replica-b", EXPIRY);
        members.claim(4, "replica-a");
        members.claim(5, "replica-a");
        members.claim(6, "replica-b");

        members.leave("replica-a");

        assertThat(members.live(EXPIRY)).containsExactly("replica-b");
        assertThat(members.claimed("replica-a")).isEmpty();
        assertThat(members.claimed("replica-b")).containsExactly(6);
        assertThat(members.claim(4, "replica-b")).isTrue();
    }
}
