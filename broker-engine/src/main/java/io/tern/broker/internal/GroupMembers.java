package io.tern.broker.internal;

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
 * The live members of each consumer (or producer) group, from heartbeats. A member silent for {@link #EXPIRY_MILLIS}, or whose
 * connection closes, leaves its groups. Members rebalance from {@link #members(String)}, which every member sees
 * in the same (sorted) order. For consumer groups, when a member joins or leaves every remaining member is told at
 * once ({@code NOTIFY_MEMBERS_CHANGED}, oneway) so the group rebalances now rather than at its next period.
 *
 * <p>Thread rules: any thread (concurrent maps; a member's entry is replaced whole). Notifications are oneway
 * writes to Netty channels: they never block the caller.
 */
public final class GroupMembers {
    /** Clients heartbeat every 10 s; three missed beats and the member is gone. */
    public static final long EXPIRY_MILLIS = 30_000;

    private record Member(Channel channel, long lastSeen) {
    }

    private final InstantSource clock;
    private final boolean notifyChanges;
    private final Map<String, Map<String, Member>> groups = new ConcurrentHashMap<>();

    /** @param notifyChanges tell members when their group changes (consumer groups rebalance on it; producers need not) */
    public GroupMembers(InstantSource clock, boolean notifyChanges) {
        this.clock = clock;
        this.notifyChanges = notifyChanges;
    }

    public void heartbeat(String clientId, List<String> memberOf, Channel channel) {
        long now = clock.millis();
        for (String g : memberOf) {
            Member before = groups.computeIfAbsent(g, k -> new ConcurrentHashMap<>()).put(clientId, new Member(channel, now));
            if (before == null || now - before.lastSeen() > EXPIRY_MILLIS) {
                notifyMembers(g);
            }
        }
    }

    public List<String> members(String group) {
        Map<String, Member> m = groups.get(group);
        if (m == null) {
            return List.of();
        }
        long now = clock.millis();
        List<String> live = new ArrayList<>();
        m.forEach((id, member) -> {
            if (now - member.lastSeen() <= EXPIRY_MILLIS && member.channel().isActive()) {
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
        return m.entrySet().stream().filter(e -> now - e.getValue().lastSeen() <= EXPIRY_MILLIS && e.getValue().channel().isActive()
                        && eligible.test(e.getValue().channel()))
                .min(Map.Entry.comparingByKey()).map(e -> e.getValue().channel()).orElse(null);
    }

    public List<String> groups() {
        return new ArrayList<>(groups.keySet());
    }

    /** Drops every membership held through {@code channel} and tells the groups it left. */
    public void connectionClosed(Channel channel) {
        groups.forEach((group, m) -> {
            if (m.values().removeIf(member -> member.channel() == channel)) {
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
