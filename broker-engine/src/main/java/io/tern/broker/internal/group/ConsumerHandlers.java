package io.tern.broker.internal.group;

import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.remoting.Request;

/** HEARTBEAT, GET_CONSUMER_LIST and LIST_GROUPS. Stateless. */
public final class ConsumerHandlers {
    private final GroupMembers consumers;
    private final GroupMembers producers;
    private final OffsetTable offsets;
    private final LeaseTable leases;

    public ConsumerHandlers(GroupMembers consumers, GroupMembers producers, OffsetTable offsets, LeaseTable leases) {
        this.consumers = consumers;
        this.producers = producers;
        this.offsets = offsets;
        this.leases = leases;
    }

    public void heartbeat(Request request) {
        Heartbeat h = Heartbeat.decode(request.frame().header());
        consumers.heartbeat(h.clientId(), h.consumerGroups(), request.connection());
        producers.heartbeat(h.clientId(), h.producerGroups(), request.connection());
        request.ok(null, null);
    }

    public void members(Request request) {
        Headers.Reader r = Headers.reader(request.frame().header());
        String group = r.str();
        r.end();
        request.ok(null, Heartbeat.encodeMembers(consumers.members(group)));
    }

    /** Consumer groups with live members, committed offsets (offset mode) or lease cursors (lease mode). */
    public void groups(Request request) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(consumers.groups());
        all.addAll(offsets.groups());
        all.addAll(leases.groups());
        request.ok(null, Heartbeat.encodeMembers(new java.util.ArrayList<>(all)));
    }
}
