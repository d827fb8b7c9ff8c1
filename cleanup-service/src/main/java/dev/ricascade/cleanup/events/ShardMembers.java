package dev.ricascade.cleanup.events;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The replicas' shared view of who is alive and who consumes which shard, in the application's database.
 * {@code ri_cleanup_member} holds one heartbeat per live replica; {@code ri_cleanup_shard} one claim per shard
 * being consumed. A replica takes a shard only once nobody claims it (its owner gave it up after its consumer
 * stopped, or its owner's heartbeat expired), so two replicas never consume one shard in turn with messages of
 * the first still in flight. All times are the database's, so the replicas' clocks do not matter.
 */
@Component
class ShardMembers {

    private static final String HEARTBEAT = """
            INSERT INTO `ri_cleanup_member` (`member_id`, `heartbeat_at`) VALUES (?, CURRENT_TIMESTAMP(3))
            ON DUPLICATE KEY UPDATE `heartbeat_at` = CURRENT_TIMESTAMP(3)
            """;
    private static final String FORGET_EXPIRED = """
            DELETE FROM `ri_cleanup_member` WHERE `heartbeat_at` < CURRENT_TIMESTAMP(3) - INTERVAL ? MICROSECOND
            """;
    private static final String FORGET_CLAIMS_OF_THE_GONE = """
            DELETE FROM `ri_cleanup_shard` WHERE `member_id` NOT IN (SELECT `member_id` FROM `ri_cleanup_member`)
            """;
    private static final String LIVE = """
            SELECT `member_id` FROM `ri_cleanup_member`
            WHERE `heartbeat_at` >= CURRENT_TIMESTAMP(3) - INTERVAL ? MICROSECOND ORDER BY `member_id`
            """;
    private static final String CLAIM = """
            INSERT INTO `ri_cleanup_shard` (`shard`, `member_id`) VALUES (?, ?)
            ON DUPLICATE KEY UPDATE `shard` = `shard`
            """;
    private static final String CLAIMED = """
            SELECT `shard` FROM `ri_cleanup_shard` WHERE `member_id` = ?
            """;
    private static final String RELEASE = """
            DELETE FROM `ri_cleanup_shard` WHERE `shard` = ? AND `member_id` = ?
            """;
    private static final String RELEASE_ALL = """
            DELETE FROM `ri_cleanup_shard` WHERE `member_id` = ?
            """;
    private static final String LEAVE = """
            DELETE FROM `ri_cleanup_member` WHERE `member_id` = ?
            """;

    private final JdbcClient jdbc;

    ShardMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records that the member is alive, forgets those whose heartbeat expired and frees their shards. */
    void heartbeat(String member, Duration expiry) {
        jdbc.sql(HEARTBEAT).param(member).update();
        jdbc.sql(FORGET_EXPIRED).param(micros(expiry)).update();
        jdbc.sql(FORGET_CLAIMS_OF_THE_GONE).update();
    }

    /** The live members, in the database's order of their ids. */
    List<String> live(Duration expiry) {
        return jdbc.sql(LIVE).param(micros(expiry)).query(String.class).list();
    }

    /** The shards the member holds a claim on. */
    Set<Integer> claimed(String member) {
        return new TreeSet<>(jdbc.sql(CLAIMED).param(member).query(Integer.class).list());
    }

    /** @return whether the member now holds the shard; false while another one does */
    boolean claim(int shard, String member) {
        jdbc.sql(CLAIM).params(shard, member).update();
        return claimed(member).contains(shard);
    }

    void release(int shard, String member) {
        jdbc.sql(RELEASE).params(shard, member).update();
    }

    /** Gives up every shard and the membership: the others take the shards over at their next heartbeat. */
    void leave(String member) {
        jdbc.sql(RELEASE_ALL).param(member).update();
        jdbc.sql(LEAVE).param(member).update();
    }

    private static long micros(Duration expiry) {
        return expiry.toNanos() / 1000;
    }
}
