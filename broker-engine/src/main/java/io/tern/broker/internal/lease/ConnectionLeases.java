package io.tern.broker.internal.lease;

import io.netty.channel.Channel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Which connection holds each lease, so that a connection's leases are given back at once when it closes or dies
 * (counted as a delivery: the message comes back redelivered), instead of at the end of their invisibility.
 * <pre>
 *   holders:  (group, topic, queue, offset) -> (connection, receiptId)     the latest lease of each offset
 *   byConn:   connection -> {(group, topic, queue, offset)}                 what to give back when it closes
 * </pre>
 * An entry is dropped when its offset is acked, nacked, released or leased again (to anyone), when its group is
 * deleted, and when its connection closes. A lease that expired and was never leased again stays until one of those:
 * giving it back then is a no-op (its receipt id no longer holds the offset).
 *
 * <p>Thread rules: any thread; {@link #leased} is called under a cursor's monitor, so it never gives a lease back itself
 * (that takes other cursors' monitors). A lease recorded after its connection's close was handled (a receive answered
 * while the connection died) is given back by the receive's caller, outside every monitor, which checks the connection
 * once it has answered ({@link #connectionClosed} is idempotent), so none is left behind.
 */
final class ConnectionLeases {
    /** One leased offset of one group. */
    record Slot(String group, String topic, int queueId, long offset) {
    }

    private record Holder(Channel connection, long receiptId) {
    }

    /** Gives one lease back (the caller's cursor and waiters); called for each lease of a closed connection. */
    interface GiveBack {
        void giveBack(Slot slot, long receiptId);
    }

    private final Map<Slot, Holder> holders = new ConcurrentHashMap<>();
    private final Map<Channel, Set<Slot>> byConnection = new ConcurrentHashMap<>();
    private final GiveBack giveBack;

    ConnectionLeases(GiveBack giveBack) {
        this.giveBack = giveBack;
    }

    /** {@code connection} was granted the lease {@code receiptId} on the slot's offset. */
    void leased(Channel connection, Slot slot, long receiptId) {
        Holder before = holders.put(slot, new Holder(connection, receiptId));
        if (before != null && before.connection() != connection) {
            Set<Slot> theirs = byConnection.get(before.connection());
            if (theirs != null) {
                theirs.remove(slot);
            }
        }
        byConnection.computeIfAbsent(connection, c -> ConcurrentHashMap.newKeySet()).add(slot);
    }

    /** The slot's lease ended (ack, nack, release, dead-lettered): nothing to give back for it. */
    void ended(Slot slot) {
        Holder h = holders.remove(slot);
        if (h != null) {
            Set<Slot> theirs = byConnection.get(h.connection());
            if (theirs != null) {
                theirs.remove(slot);
            }
        }
    }

    /** Whether a lease is still held (not expired, acked or given back): the cursor knows, this table may lag. */
    interface StillHeld {
        boolean test(Slot slot, long receiptId);
    }

    /** Whether a live connection other than {@code except} holds a lease of the group on the topic now. */
    boolean heldByOther(String group, String topic, Channel except, StillHeld stillHeld) {
        return holders.entrySet().stream().anyMatch(e -> e.getKey().group().equals(group) && e.getKey().topic().equals(topic)
                && e.getValue().connection() != except && e.getValue().connection().isActive()
                && stillHeld.test(e.getKey(), e.getValue().receiptId()));
    }

    /** Forgets every lease of the group on the topic (the group was deleted). */
    void forget(String group, String topic) {
        holders.keySet().removeIf(s -> s.group().equals(group) && s.topic().equals(topic));
        byConnection.values().forEach(set -> set.removeIf(s -> s.group().equals(group) && s.topic().equals(topic)));
    }

    /** Gives back every lease the connection holds. Idempotent; any thread (the close listener's event loop included). */
    void connectionClosed(Channel connection) {
        Set<Slot> slots = byConnection.remove(connection);
        if (slots == null) {
            return;
        }
        for (Slot s : List.copyOf(slots)) {
            Holder h = holders.get(s);
            if (h != null && h.connection() == connection && holders.remove(s, h)) {
                giveBack.giveBack(s, h.receiptId());
            }
        }
    }

    /** For tests and stats: leases whose holder is recorded. */
    int size() {
        return holders.size();
    }

    /** A close listener for the server. */
    Consumer<Channel> closeListener() {
        return this::connectionClosed;
    }
}
