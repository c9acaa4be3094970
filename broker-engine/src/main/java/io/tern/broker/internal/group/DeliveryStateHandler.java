package io.tern.broker.internal.group;

import io.tern.broker.internal.lease.LeaseCursor;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.broker.internal.transaction.TransactionTable;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.DeliveryStateQuery.GroupState;
import io.tern.protocol.DeliveryStateQuery.Mode;
import io.tern.protocol.DeliveryStateQuery.State;
import io.tern.protocol.GroupReset;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;
import io.tern.store.MessageStore;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * QUERY_DELIVERY_STATE: where a stored message stands for one consumer group, or for every group the broker knows on
 * its topic. Offset-mode groups are answered from their committed offset of the message's queue; lease-mode groups from
 * their cursor ({@link LeaseCursor#positionOf}), with the transaction holding their ack if there is one. It only reads:
 * no lease is expired, no cursor is made or moved.
 *
 * <p>"Known on the topic": a committed offset of one of its queues, or a lease cursor on it. Heartbeats name a member's
 * groups but not its topics, so an offset-mode group whose live members have not committed on this topic yet shows only
 * when it is named (then: offset mode, not consumed).
 *
 * <p>Thread rules: handler threads; stateless. Each cursor is read under its monitor, the transactions under their
 * table's, the offsets from a concurrent map: each answer is consistent per group, not across groups.
 */
public final class DeliveryStateHandler implements RequestHandler {
    private final MessageStore store;
    private final TopicTable topics;
    private final OffsetTable offsets;
    private final GroupMembers consumers;
    private final LeaseTable leases;
    private final TransactionTable transactions;
    private final InstantSource clock;

    public DeliveryStateHandler(MessageStore store, TopicTable topics, OffsetTable offsets, GroupMembers consumers, LeaseTable leases,
                                TransactionTable transactions, InstantSource clock) {
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.consumers = consumers;
        this.leases = leases;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void handle(Request request) {
        DeliveryStateQuery q = DeliveryStateQuery.decode(request.frame().header());
        String refusal = refusal(q);
        if (refusal != null) {
            request.error(ResponseCode.INVALID_REQUEST, refusal);
            return;
        }
        List<GroupState> out = new ArrayList<>();
        for (String group : q.group() != null ? List.of(q.group()) : knownGroups(q.topic())) {
            out.addAll(statesOf(group, q));
        }
        request.ok(null, DeliveryStateQuery.encodeStates(out));
    }

    private String refusal(DeliveryStateQuery q) {
        TopicConfig topic = topics.get(q.topic());
        if (topic == null) {
            return "topic " + q.topic() + " does not exist on this broker";
        }
        if (q.queueId() < 0 || q.queueId() >= topic.readQueues()) {
            return "queue " + q.queueId() + " is outside topic " + topic.name() + "'s read queues 0-" + (topic.readQueues() - 1);
        }
        long min = store.minOffset(q.topic(), q.queueId());
        long max = store.maxOffset(q.topic(), q.queueId());
        if (q.queueOffset() < min || q.queueOffset() >= max) {
            return "no message is stored at " + q.topic() + "/" + q.queueId() + " offset " + q.queueOffset()
                    + (min < max ? ": the queue holds offsets " + min + "-" + (max - 1) : ": the queue holds none (next offset " + max + ")");
        }
        return null;
    }

    private SortedSet<String> knownGroups(String topic) {
        SortedSet<String> all = new TreeSet<>(offsets.groupsOn(topic));
        all.addAll(leases.groupsOn(topic));
        return all;
    }

    /** The group's offset-mode state and/or its lease-mode state; {@link State#UNKNOWN_GROUP} if it has neither here. */
    private List<GroupState> statesOf(String group, DeliveryStateQuery q) {
        List<GroupState> out = new ArrayList<>();
        int modes = GroupAdminHandlers.modes(offsets, leases, consumers, group, q.topic());
        if ((modes & GroupReset.MODE_OFFSET) != 0) {
            out.add(GroupState.offset(group, offsets.get(group, q.topic(), q.queueId()), q.queueOffset()));
        }
        if ((modes & GroupReset.MODE_LEASE) != 0) {
            out.add(leaseState(group, q));
        }
        return out.isEmpty() ? List.of(GroupState.unknown(group)) : out;
    }

    private GroupState leaseState(String group, DeliveryStateQuery q) {
        LeaseCursor c = leases.existing(group, q.topic(), q.queueId());
        if (c == null) { // the group never received from this queue: its cursor will start at the queue's first offset
            return new GroupState(group, Mode.LEASE, State.NOT_DELIVERED, 0, -1, -1, null);
        }
        LeaseCursor.Position p = c.positionOf(q.queueOffset(), clock.millis());
        String txId = p.state() == State.ACKED ? null : transactions.holdingAck(group, q.topic(), q.queueId(), q.queueOffset());
        return new GroupState(group, Mode.LEASE, p.state(), p.deliveries(), p.deadline(), -1, txId);
    }
}
