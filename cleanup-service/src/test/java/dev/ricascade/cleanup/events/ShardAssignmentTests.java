package dev.ricascade.cleanup.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class ShardAssignmentTests {

    @Test
    void liveMembersShareTheShardsRoundRobinEachShardExactlyOnce() {
        long seed = Long.getLong("shards.seed", System.nanoTime());
        System.out.println("ShardAssignmentTests seed: " + seed + " (replay with -Dshards.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            int shards = 1 + random.nextInt(40);
            List<String> members = new ArrayList<>();
            for (int m = 0, n = 1 + random.nextInt(12); m < n; m++) {
                members.add("member-" + m);
            }
            SortedSet<Integer> all = new TreeSet<>();
            int fewest = Integer.MAX_VALUE;
            int most = 0;
            for (String member : members) {
                SortedSet<Integer> owned = ShardAssignment.shardsOf(members, member, shards);
                for (int shard : owned) {
                    assertThat(all.add(shard)).as("seed %d: shard %d owned twice", seed, shard).isTrue();
                }
                fewest = Math.min(fewest, owned.size());
                most = Math.max(most, owned.size());
            }
            assertThat(all).as("seed %d: every shard owned", seed).hasSize(shards).first().isEqualTo(0);
            assertThat(most - fewest).as("seed %d: a fair share", seed).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aMemberNotAmongTheLiveOnesOwnsNothing() {
        assertThat(ShardAssignment.shardsOf(List.of("a", "b"), "c", 8)).isEmpty();
        assertThat(ShardAssignment.shardsOf(List.of("a", "b", "c"), "b", 8)).containsExactly(1, 4, 7);
    }
}
