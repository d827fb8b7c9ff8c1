package dev.ricascade.cleanup.events;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which shards a replica should own: the live members in the database's order, member {@code i} of {@code n} owns
 * every shard {@code s} with {@code s % n == i}. Every replica computes it from the same table, so they agree
 * once they have read the same heartbeats; until then the shard claims keep two of them from consuming one shard.
 */
final class ShardAssignment {

    static SortedSet<Integer> shardsOf(List<String> liveMembers, String member, int shards) {
        SortedSet<Integer> owned = new TreeSet<>();
        int index = liveMembers.indexOf(member);
        if (index < 0) {
            return owned;
        }
        for (int shard = index; shard < shards; shard += liveMembers.size()) {
            owned.add(shard);
        }
        return owned;
    }

    private ShardAssignment() {
    }
}
