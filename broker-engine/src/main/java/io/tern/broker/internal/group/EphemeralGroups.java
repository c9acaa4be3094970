package io.tern.broker.internal.group;

import io.netty.channel.Channel;

import io.tern.broker.internal.lease.LeaseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections that opened each ephemeral lease group (OPEN_GROUP with ephemeral): a group is deleted when the
 * last of them closes, dies or deletes it. In memory only: a restart deletes every group that was ephemeral
 * ({@link LeaseTable#recoveredEphemeral}), since all its connections are gone.
 *
 * <p>Thread rules: any thread; each group's owner set changes inside the map's per-key compute, so "the last owner
 * left" is decided once.
 */
final class EphemeralGroups {
    private final Map<LeaseTable.GroupKey, Set<Channel>> owners = new ConcurrentHashMap<>();

    void opened(LeaseTable.GroupKey g, Channel by) {
        owners.compute(g, (k, set) -> {
            Set<Channel> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(by);
            return s;
        });
    }

    /** The group became durable (or was deleted): no connection owns it any more. */
    void forget(LeaseTable.GroupKey g) {
        owners.remove(g);
    }

    /**
     * {@code by} no longer owns the group. Returns true if the group has owners and {@code by} was the last live one
     * (the caller deletes it), false if other live owners remain or it had none (not ephemeral, or already gone).
     */
    boolean leave(LeaseTable.GroupKey g, Channel by) {
        boolean[] last = {false};
        owners.computeIfPresent(g, (k, set) -> {
            set.remove(by);
            set.removeIf(c -> !c.isActive());
            last[0] = set.isEmpty();
            return set.isEmpty() ? null : set;
        });
        return last[0];
    }

    boolean ownedBy(LeaseTable.GroupKey g, Channel c) {
        Set<Channel> s = owners.get(g);
        return s != null && s.contains(c);
    }

    /** Groups with owners now, for the broker's stats. */
    int size() {
        return owners.size();
    }

    boolean owned(LeaseTable.GroupKey g) {
        return owners.containsKey(g);
    }

    /** The groups {@code closed} owned alone: each is out of this table now, for the caller to delete. */
    List<LeaseTable.GroupKey> connectionClosed(Channel closed) {
        List<LeaseTable.GroupKey> orphans = new ArrayList<>();
        for (LeaseTable.GroupKey g : List.copyOf(owners.keySet())) {
            Set<Channel> s = owners.get(g);
            if (s != null && s.contains(closed) && leave(g, closed)) {
                orphans.add(g);
            }
        }
        return orphans;
    }
}
