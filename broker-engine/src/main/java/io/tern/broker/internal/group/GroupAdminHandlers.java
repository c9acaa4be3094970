package io.tern.broker.internal.group;

import io.tern.broker.internal.lease.LeaseCursor;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.longpoll.ReceiveWaiters;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.broker.internal.transaction.TransactionTable;
import io.tern.protocol.GroupDescription;
import io.tern.protocol.GroupReset;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.Request;
import io.tern.store.MessageStore;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

/**
 * RESET_GROUP and DESCRIBE_GROUP: a consumer group's position on a topic, in both modes at once, so an administrator
 * need not know how the group consumes. Offset mode is its committed offsets ({@link OffsetTable}), lease mode its
 * cursors ({@link LeaseTable}); a group uses a mode on the topic when it has state there (committed offsets of the
 * topic's queues; cursors), and offset mode also when it has live members and no cursors (offset-mode consumers
 * heartbeat, lease receivers do not; as {@link DeliveryStateHandler} decides).
 *
 * <p>Reset decisions: live offset-mode members are refused (they keep their positions in memory and would commit
 * over the reset; this check was the client's before RESET_GROUP); lease receivers may stay connected (the cursors
 * reset atomically, waiting receives are woken, old receipt handles are refused with the reason). A prepared XA
 * branch holding an ack of the group on the topic refuses the reset, naming the branch: it was promised its
 * messages (pinned from other receivers) and its commit will ack them; resetting under it would either hand a pinned
 * message to another receiver while the branch is in doubt, or leave pins in the middle of a reset cursor. An open
 * transaction's held acks do not refuse it: their leases end like any other, a later prepare is refused (its lease
 * is gone), and a later commit acks its messages (the consumption completed after the reset; at-least-once).
 *
 * <p>Thread rules: handler threads; stateless.
 */
public final class GroupAdminHandlers {
    private final MessageStore store;
    private final TopicTable topics;
    private final OffsetTable offsets;
    private final GroupMembers consumers;
    private final LeaseTable leases;
    private final TransactionTable transactions;
    private final ReceiveWaiters waiters;
    private final String brokerName;
    private final InstantSource clock;

    public GroupAdminHandlers(MessageStore store, TopicTable topics, OffsetTable offsets, GroupMembers consumers, LeaseTable leases,
                              TransactionTable transactions, ReceiveWaiters waiters, String brokerName, InstantSource clock) {
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
        this.leases = leases;
        this.transactions = transactions;
        this.waiters = waiters;
        this.brokerName = brokerName;
        this.clock = clock;
    }

    /** The group's modes on the topic here: {@link GroupReset#MODE_OFFSET}, {@link GroupReset#MODE_LEASE}, or 0. */
    private int modes(String group, String topic) {
        return modes(offsets, leases, consumers, group, topic);
    }

    /**
     * The one rule for how a group consumes a topic on this broker (reset, describe and delivery state all use it):
     * lease mode if it has cursors there; offset mode if it has committed offsets there, or live members and no cursors
     * (offset-mode consumers heartbeat, lease receivers do not).
     */
    static int modes(OffsetTable offsets, LeaseTable leases, GroupMembers consumers, String group, String topic) {
        boolean leasing = leases.groupsOn(topic).contains(group);
        boolean committing = offsets.groupsOn(topic).contains(group) || !leasing && !consumers.members(group).isEmpty();
        return (committing ? GroupReset.MODE_OFFSET : 0) | (leasing ? GroupReset.MODE_LEASE : 0);
    }

    private TopicConfig topicOrRefuse(Request request, String name) {
        TopicConfig topic = topics.get(name);
        if (topic == null) {
            request.error(ResponseCode.TOPIC_NOT_FOUND, "topic " + name + " does not exist on broker " + brokerName);
        }
        return topic;
    }

    public void reset(Request request) {
        GroupReset r = GroupReset.decode(request.frame().header());
        TopicConfig topic = topicOrRefuse(request, r.topic());
        if (topic == null) {
            return;
        }
        if (r.target() == GroupReset.Target.TIME && r.timestamp() < 0) {
            request.error(ResponseCode.INVALID_REQUEST, "reset to a time needs a timestamp (epoch millis), not " + r.timestamp());
            return;
        }
        int modes = modes(r.group(), r.topic());
        if (modes == 0 && (r.flags() & GroupReset.OFFSETS_IF_UNKNOWN) != 0) {
            modes = GroupReset.MODE_OFFSET;
        }
        Refusal refusal = refusal(r, modes);
        if (refusal != null) {
            request.error(refusal.code(), refusal.message());
            return;
        }
        long[] targets = targets(r, topic.readQueues());
        CompletableFuture<Void> journaled = CompletableFuture.completedFuture(null);
        if ((modes & GroupReset.MODE_LEASE) != 0) {
            try {
                journaled = leases.reset(r.group(), r.topic(), targets, clock.millis());
            } catch (LeaseTable.Pinned p) {
                request.error(ResponseCode.TX_CONFLICT, "reset of group " + r.group() + " on " + r.topic() + " refused: " + p.getMessage()
                        + " on broker " + brokerName + "; commit or roll them back first (tern admin transactions lists them)");
                return;
            }
            waiters.wake(r.group(), r.topic()); // held receives look again, at the new position
        }
        if ((modes & GroupReset.MODE_OFFSET) != 0) {
            for (int q = 0; q < targets.length; q++) {
                offsets.commit(r.group(), r.topic(), q, targets[q]);
            }
        }
        answer(request, new GroupReset.Result(modes, queueOffsets(modes, targets)), journaled);
    }

    private record Refusal(short code, String message) {
    }

    /** Why the reset is refused, or null. */
    private Refusal refusal(GroupReset r, int modes) {
        List<String> live = consumers.members(r.group());
        if ((modes & GroupReset.MODE_OFFSET) != 0 && !live.isEmpty()) {
            return new Refusal(ResponseCode.INVALID_REQUEST, "group " + r.group() + " has " + live.size() + " live member(s) " + live + " on broker " + brokerName
                    + "; stop them before resetting its offsets, or they keep their own positions");
        }
        SortedSet<String> prepared = (modes & GroupReset.MODE_LEASE) != 0 ? transactions.preparedHolding(r.group(), r.topic()) : new java.util.TreeSet<>();
        if (!prepared.isEmpty()) {
            return new Refusal(ResponseCode.TX_CONFLICT, "prepared transaction(s) " + prepared + " hold acks of group " + r.group() + " on " + r.topic() + " on broker " + brokerName
                    + ": resolve them first (commit or roll back through their transaction manager; tern admin transactions lists them)");
        }
        return null;
    }

    private long[] targets(GroupReset r, int queues) {
        long[] out = new long[queues];
        for (int q = 0; q < queues; q++) {
            out[q] = switch (r.target()) {
                case START -> store.minOffset(r.topic(), q);
                case END -> store.maxOffset(r.topic(), q);
                case TIME -> store.offsetForTime(r.topic(), q, r.timestamp());
            };
        }
        return out;
    }

    private static List<GroupReset.QueueOffset> queueOffsets(int modes, long[] targets) {
        List<GroupReset.QueueOffset> out = new ArrayList<>();
        for (int q = 0; modes != 0 && q < targets.length; q++) {
            out.add(new GroupReset.QueueOffset(q, targets[q]));
        }
        return out;
    }

    private static void answer(Request request, GroupReset.Result result, CompletableFuture<Void> journaled) {
        journaled.whenComplete((v, e) -> {
            if (e == null) {
                request.ok(result.encodeHeader(), result.encodeBody());
            } else {
                request.error(ResponseCode.STORE_UNAVAILABLE, "the lease cursors were reset in memory but the ack journal failed: "
                        + e.getMessage() + "; a crash before the next checkpoint would undo the reset: reset again");
            }
        });
    }

    public void describe(Request request) {
        GroupDescription d = GroupDescription.decode(request.frame().header());
        TopicConfig topic = topicOrRefuse(request, d.topic());
        if (topic == null) {
            return;
        }
        int modes = modes(d.group(), d.topic());
        long now = clock.millis();
        List<GroupDescription.Queue> queues = new ArrayList<>();
        for (int q = 0; q < topic.readQueues(); q++) {
            long min = store.minOffset(d.topic(), q);
            GroupDescription.Lease lease = (modes & GroupReset.MODE_LEASE) == 0 ? GroupDescription.Lease.NONE : lease(d, q, min, now);
            queues.add(new GroupDescription.Queue(q, min, store.maxOffset(d.topic(), q), offsets.get(d.group(), d.topic(), q), lease));
        }
        GroupDescription.Result result = new GroupDescription.Result(modes, queues);
        request.ok(result.encodeHeader(), result.encodeBody());
    }

    /** The cursor's counts; a queue the group never received from starts at its first offset. */
    private GroupDescription.Lease lease(GroupDescription d, int q, long min, long now) {
        LeaseCursor c = leases.existing(d.group(), d.topic(), q);
        if (c == null) {
            return new GroupDescription.Lease(min, 0, 0, 0, 0, 0);
        }
        LeaseCursor.Counts n = c.counts(now);
        return new GroupDescription.Lease(Math.max(n.watermark(), min), n.ackedAbove(), n.leased(), n.ready(), n.parked(), n.unclaimed());
    }
}
