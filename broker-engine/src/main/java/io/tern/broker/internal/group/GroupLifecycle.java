package io.tern.broker.internal.group;

import io.netty.channel.Channel;
import io.tern.broker.internal.lease.LeaseCursor;
import io.tern.broker.internal.lease.LeaseService;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.longpoll.ReceiveWaiters;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.protocol.GroupDeleteRequest;
import io.tern.protocol.GroupOpenRequest;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.Request;
import io.tern.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * OPEN_GROUP and DELETE_GROUP, and the deletion of ephemeral groups whose connections are gone (docs/lifecycle.md).
 * A group's state on a topic is its lease cursors ({@link LeaseTable}), its committed offsets ({@link OffsetTable}),
 * the per-group maps of {@link LeaseService}, and its retry and dead-letter topics, which {@code retryCleanup} deletes
 * once the group has no state left on any topic.
 *
 * <p>In use: DELETE_GROUP is refused ({@link ResponseCode#GROUP_IN_USE}) while another live connection holds leases
 * of the group on the topic or has a receive of it held, while the group consumes the topic in offset mode and has
 * live members (they keep their offsets in memory and would commit them again, as RESET_GROUP refuses), or while a
 * prepared transaction pins one of its offsets.
 * The deleting connection's own leases and receives do not count: a JMS consumer deletes its subscription as it closes.
 * An ephemeral group deleted by one of several connections that opened it stays for the others (answered with
 * deleted = false); the last one deletes it.
 *
 * <p>Thread rules: handler threads, and the connection-close path (handed to a handler thread by the broker).
 */
public final class GroupLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(GroupLifecycle.class);

    private final MessageStore store;
    private final TopicTable topics;
    private final OffsetTable offsets;
    private final LeaseTable leases;
    private final LeaseService leaseService;
    private final ReceiveWaiters waiters;
    private final GroupMembers consumers;
    private final EphemeralGroups ephemeral = new EphemeralGroups();
    private final String brokerName;
    private volatile BiFunction<String, String, CompletableFuture<Void>> retryCleanup = (group, topic) -> CompletableFuture.completedFuture(null);

    public GroupLifecycle(MessageStore store, TopicTable topics, OffsetTable offsets, LeaseTable leases, LeaseService leaseService,
                          ReceiveWaiters waiters, GroupMembers consumers, String brokerName) {
        this.consumers = consumers;
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.leases = leases;
        this.leaseService = leaseService;
        this.waiters = waiters;
        this.brokerName = brokerName;
    }

    /** Deletes a group's retry and dead-letter topics once it has no state on any topic; set before requests flow. */
    public void retryCleanup(BiFunction<String, String, CompletableFuture<Void>> cleanup) {
        this.retryCleanup = cleanup;
    }

    public void open(Request request) {
        GroupOpenRequest o = GroupOpenRequest.decode(request.frame().header());
        TopicConfig topic = topics.get(o.topic());
        if (topic == null) {
            request.error(ResponseCode.TOPIC_NOT_FOUND, "topic " + o.topic() + " does not exist on broker " + brokerName
                    + "; create it before opening group " + o.group() + " on it");
            return;
        }
        if (o.start() == GroupOpenRequest.Start.FIRST) {
            open(request, o, topic);
            return;
        }
        // END means "after every send answered so far": a send is answered once written, but counted in the queue
        // only once dispatched, so the start waits for the dispatcher to reach what is written now.
        CompletableFuture<Void> dispatched = store.whenDispatched(store.writtenPosition());
        if (dispatched.isDone()) {
            open(request, o, topic);
        } else {
            dispatched.thenRunAsync(() -> open(request, o, topic), request.connection().eventLoop()); // off the dispatcher
        }
    }

    private void open(Request request, GroupOpenRequest o, TopicConfig topic) {
        long[] starts = new long[topic.readQueues()];
        for (int q = 0; q < starts.length; q++) {
            starts[q] = o.start() == GroupOpenRequest.Start.FIRST ? store.minOffset(o.topic(), q) : store.maxOffset(o.topic(), q);
        }
        LeaseTable.GroupKey g = new LeaseTable.GroupKey(o.group(), o.topic());
        if (o.ephemeral()) {
            ephemeral.opened(g, request.connection()); // before the cursors: a close racing the open must find its group
        }
        leases.openGroup(o.group(), o.topic(), starts, o.ephemeral()).whenComplete((created, e) -> {
            if (e != null) {
                if (o.ephemeral()) {
                    ephemeral.leave(g, request.connection());
                }
                request.error(ResponseCode.STORE_UNAVAILABLE, "opening group " + o.group() + " on " + o.topic() + " failed: " + e.getMessage());
                return;
            }
            if (!leases.isEphemeral(o.group(), o.topic())) {
                ephemeral.forget(g); // it was (or became) durable: no connection's close deletes it
            }
            if (!request.connection().isActive() && o.ephemeral()) {
                connectionClosed(request.connection()); // the opener died while its open was being journaled
            }
            request.ok(GroupOpenRequest.encodeCreated(created), null);
        });
    }

    public void delete(Request request) {
        GroupDeleteRequest d = GroupDeleteRequest.decode(request.frame().header());
        LeaseTable.GroupKey g = new LeaseTable.GroupKey(d.group(), d.topic());
        Channel me = request.connection();
        if (ephemeral.ownedBy(g, me) && !ephemeral.leave(g, me) && ephemeral.owned(g)) {
            request.ok(GroupDeleteRequest.encodeDeleted(false), null); // other connections opened it too: the last one deletes it
            return;
        }
        String busy = inUse(d.group(), d.topic(), me);
        if (busy != null) {
            request.error(ResponseCode.GROUP_IN_USE, "group " + d.group() + " on " + d.topic() + " is in use: " + busy
                    + "; close those consumers (or resolve the transaction) first");
            return;
        }
        deleteState(d.group(), d.topic()).whenComplete((deleted, e) -> {
            if (e != null) {
                request.error(ResponseCode.STORE_UNAVAILABLE, "deleting group " + d.group() + " on " + d.topic() + " failed: " + e.getMessage());
            } else {
                request.ok(GroupDeleteRequest.encodeDeleted(deleted), null);
            }
        });
    }

    /** Why the group cannot be deleted for {@code me} now, or null. */
    private String inUse(String group, String topic, Channel me) {
        if (leaseService.leasedByOther(group, topic, me)) {
            return "another connection holds leases of it";
        }
        if (waiters.heldByOther(group, topic, me)) {
            return "another connection has a receive of it waiting";
        }
        List<String> members = consumers.members(group);
        if (!members.isEmpty() && (GroupAdminHandlers.modes(offsets, leases, consumers, group, topic) & io.tern.protocol.GroupReset.MODE_OFFSET) != 0) {
            return "live offset-mode members " + members + " (they would commit their offsets again)";
        }
        for (LeaseCursor c : leases.cursorsOf(group, topic)) {
            List<Long> pinned = c.pinnedOffsets();
            if (!pinned.isEmpty()) {
                return "prepared transactions pin offsets " + pinned;
            }
        }
        return null;
    }

    /**
     * Deletes every piece of the group's state on the topic, in use or not (the caller decided). Completes with whether
     * there was any, once the lease journal has the deletion on disk.
     */
    public CompletableFuture<Boolean> deleteState(String group, String topic) {
        ephemeral.forget(new LeaseTable.GroupKey(group, topic));
        boolean hadOffsets = offsets.remove(group, topic);
        leaseService.forget(group, topic);
        return leases.delete(group, topic).thenCompose(hadCursors -> {
            leaseService.forget(group, topic); // leases granted while the cursors were being removed
            boolean had = hadCursors || hadOffsets;
            if (!hasStateAnywhere(group)) {
                return retryCleanup.apply(group, topic).thenApply(v -> had);
            }
            return CompletableFuture.completedFuture(had);
        });
    }

    private boolean hasStateAnywhere(String group) {
        return offsets.groups().contains(group) || leases.hasAnyCursor(group);
    }

    /** The connection closed: its ephemeral groups that no other live connection opened are deleted. */
    public void connectionClosed(Channel closed) {
        for (LeaseTable.GroupKey g : ephemeral.connectionClosed(closed)) {
            deleteState(g.group(), g.topic()).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.error("deleting ephemeral group {} on {} after its last connection closed failed; a restart deletes it",
                            g.group(), g.topic(), e);
                }
            });
        }
    }

    /** Ephemeral groups with live owners now (broker stats). */
    public int ephemeralGroups() {
        return ephemeral.size();
    }

    /** At start: the ephemeral groups the last run left lost their cursors at recovery; their other state goes now. */
    public void deleteRecoveredEphemeral() {
        for (LeaseTable.GroupKey g : leases.recoveredEphemeral()) {
            deleteState(g.group(), g.topic()).join();
        }
    }
}
