package io.tern.broker.internal.group;

import io.netty.channel.Channel;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.Headers;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live members of each consumer (or producer) group, from heartbeats. A member silent for {@code expiryMillis}
 * ({@code memberExpiry}), or whose connection closes, leaves its groups: {@link #expire()} (run by the broker every few
 * seconds, and for a group at each heartbeat to it) removes it, tells the rest, and drops a group left empty, so
 * neither the member lists nor the map keep members that stopped heartbeating without closing their connection. Members rebalance from {@link #members(String)}, which every member sees
 * in the same (sorted) order. For consumer groups, when a member joins or leaves every remaining member is told at
 * once ({@code NOTIFY_MEMBERS_CHANGED}, oneway) so the group rebalances now rather than at its next period.
 *
 * <p>Thread rules: any thread (concurrent maps; a member's entry is replaced whole; a group is added and dropped
 * only inside the outer map's compute calls). Notifications are oneway
 * writes to Netty channels: they never block the caller.
 */
public final class GroupMembers {
    /** Clients heartbeat every 10 s; three missed beats and the member is gone. */
    public static final long DEFAULT_EXPIRY_MILLIS = 30_000;

    private record Member(Channel channel, long lastSeen) {
    }

    private final InstantSource clock;
    private final boolean notifyChanges;
    private final long expiryMillis;
    private final Map<String, Map<String, Member>> groups = new ConcurrentHashMap<>();

    /** @param notifyChanges tell members when their group changes (consumer groups rebalance on it; producers need not) */
    public GroupMembers(InstantSource clock, boolean notifyChanges) {
        this(clock, notifyChanges, DEFAULT_EXPIRY_MILLIS);
    }

    /** @param expiryMillis a member silent this long leaves its groups */
    public GroupMembers(InstantSource clock, boolean notifyChanges, long expiryMillis) {
        this.clock = clock;
        this.notifyChanges = notifyChanges;
        this.expiryMillis = expiryMillis;
    }

    public void heartbeat(String clientId, List<String> memberOf, Channel channel) {
        long now = clock.millis();
        for (String g : memberOf) {
            Member[] before = {null};
            groups.compute(g, (k, m) -> { // inside compute: an expiry dropping the group as empty cannot lose this put
                Map<String, Member> members = m == null ? new ConcurrentHashMap<>() : m;
                before[0] = members.put(clientId, new Member(channel, now));
                return members;
            });
            boolean othersLeft = expire(g, now); // tells the group, this member included
            if (!othersLeft && (before[0] == null || now - before[0].lastSeen() > expiryMillis)) {
                notifyMembers(g);
            }
        }
    }

    /** Removes every member silent past the expiry, in every group, telling each group it changed. Any thread. */
    public void expire() {
        long now = clock.millis();
        for (String g : groups.keySet()) {
            expire(g, now);
        }
    }

    /** Removes the group's expired members (and the group, if none is left); true if any left, the group told. */
    private boolean expire(String group, long now) {
        Map<String, Member> m = groups.get(group);
        if (m == null) {
            return false;
        }
        boolean left = m.values().removeIf(member -> now - member.lastSeen() > expiryMillis);
        groups.computeIfPresent(group, (k, v) -> v.isEmpty() ? null : v);
        if (left) {
            notifyMembers(group);
        }
        return left;
    }

    private boolean live(Member member, long now) {
        return now - member.lastSeen() <= expiryMillis && member.channel().isActive();
    }

    public List<String> members(String group) {
        Map<String, Member> m = groups.get(group);
        if (m == null) {
            return List.of();
        }
        long now = clock.millis();
        List<String> live = new ArrayList<>();
        m.forEach((id, member) -> {
            if (live(member, now)) {
                live.add(id);
            }
        });
        live.sort(null);
        return live;
    }

    /** The connection of one live member of {@code group} (the lowest client id), or null if none is live. */
    public Channel anyLive(String group) {
        return anyLive(group, ch -> true);
    }

    /** As {@link #anyLive(String)}, among the members whose connection {@code eligible} accepts. */
    public Channel anyLive(String group, java.util.function.Predicate<Channel> eligible) {
        Map<String, Member> m = groups.get(group);
        if (m == null) {
            return null;
        }
        long now = clock.millis();
        return m.entrySet().stream().filter(e -> live(e.getValue(), now) && eligible.test(e.getValue().channel()))
                .min(Map.Entry.comparingByKey()).map(e -> e.getValue().channel()).orElse(null);
    }

    public List<String> groups() {
        return new ArrayList<>(groups.keySet());
    }

    /** Drops every membership held through {@code channel} and tells the groups it left. */
    public void connectionClosed(Channel channel) {
        groups.forEach((group, m) -> {
            if (m.values().removeIf(member -> member.channel() == channel)) {
                groups.computeIfPresent(group, (k, v) -> v.isEmpty() ? null : v);
                notifyMembers(group);
            }
        });
    }

    private void notifyMembers(String group) {
        Map<String, Member> m = groups.get(group);
        if (m == null || !notifyChanges) {
            return;
        }
        byte[] header = Headers.writer().str(group).toBytes();
        for (Member member : m.values()) {
            if (member.channel().isActive()) {
                member.channel().writeAndFlush(Frame.oneway(CommandCode.NOTIFY_MEMBERS_CHANGED, 0, header, null));
            }
        }
    }
}
