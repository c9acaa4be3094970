package io.tern.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a consumer group's members share a topic's queues. Every member computes the same answer from the same sorted
 * member and queue lists, with no coordination; each takes its own share.
 */
public enum Rebalance {
    /** Contiguous blocks: with 8 queues and 3 members, 3 + 3 + 2. */
    AVERAGE {
        @Override
        public List<MessageQueue> allocate(String me, List<String> members, List<MessageQueue> queues) {
            int index = members.indexOf(me);
            if (index < 0 || queues.isEmpty()) {
                return List.of();
            }
            int n = members.size();
            int base = queues.size() / n;
            int extra = queues.size() % n;
            int start = index * base + Math.min(index, extra);
            int count = base + (index < extra ? 1 : 0);
            return List.copyOf(queues.subList(start, start + count));
        }
    },
    /** Dealt like cards: queue i to member i mod n. */
    ROUND_ROBIN {
        @Override
        public List<MessageQueue> allocate(String me, List<String> members, List<MessageQueue> queues) {
            int index = members.indexOf(me);
            List<MessageQueue> mine = new ArrayList<>();
            for (int i = index; index >= 0 && i < queues.size(); i += members.size()) {
                mine.add(queues.get(i));
            }
            return mine;
        }
    },
    /**
     * A hash ring with {@value #VIRTUAL_NODES} points per member: when a member joins or leaves only the queues next
     * to its points move, instead of most queues as with the other two.
     */
    CONSISTENT_HASH {
        @Override
        public List<MessageQueue> allocate(String me, List<String> members, List<MessageQueue> queues) {
            if (!members.contains(me)) {
                return List.of();
            }
            TreeMap<Long, String> ring = new TreeMap<>();
            for (String m : members) {
                for (int v = 0; v < VIRTUAL_NODES; v++) {
                    ring.put(hash(m + "#" + v), m);
                }
            }
            List<MessageQueue> mine = new ArrayList<>();
            for (MessageQueue q : queues) {
                Map.Entry<Long, String> owner = ring.ceilingEntry(hash(q.toString()));
                if ((owner == null ? ring.firstEntry() : owner).getValue().equals(me)) {
                    mine.add(q);
                }
            }
            return mine;
        }
    };

    static final int VIRTUAL_NODES = 16;

    /** The queues {@code me} should own, given every member (sorted) and every queue (sorted). */
    public abstract List<MessageQueue> allocate(String me, List<String> members, List<MessageQueue> queues);

    static long hash(String s) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64, then a finalizer so that similar names spread over the ring
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
