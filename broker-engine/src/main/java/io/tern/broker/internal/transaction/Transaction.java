package io.tern.broker.internal.transaction;

import io.tern.protocol.Xid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One transaction's state on this broker. Thread rule: read and written only while holding its
 * {@link TransactionTable}'s lock (the fields are plain), except {@link #applying}.
 */
final class Transaction {
    /** The numbers are the wire's (EndTransaction.Result, XaRequest) and never change. */
    enum State {
        OPEN(1), PREPARED(2), COMMITTED(3), ROLLED_BACK(4), PARKED(5);

        final byte code;

        State(int code) {
            this.code = (byte) code;
        }

        boolean resolved() {
            return this == COMMITTED || this == ROLLED_BACK || this == PARKED;
        }
    }

    /** A half message: where it is in the commit log and when it was stored. */
    record Half(long commitLogOffset, long storeTime) {
    }

    /** A lease ack that applies when the transaction commits. */
    record HeldAck(String group, String topic, int queueId, long offset, long receiptId) {
    }

    /** Which group's position in which queue a held offset commit moves; a transaction holds at most one offset per key. */
    record OffsetKey(String group, String topic, int queueId) {
    }

    final String txId;
    String producerGroup;
    /** The login that opened it (see {@link TxCaller}); null without access control. */
    String owner;
    Xid xid;
    State state = State.OPEN;
    /** A commit whose every half message and ack has been applied (journaled APPLIED). */
    boolean applied;
    final List<Half> halves = new ArrayList<>();
    final List<HeldAck> acks = new ArrayList<>();
    /** Offset commits that apply when the transaction commits, in the order first held; a later hold replaces the offset. */
    final Map<OffsetKey, Long> offsets = new LinkedHashMap<>();
    long firstSeen = Long.MAX_VALUE;
    /** When the last ack or offset was held (broker clock; for acks replayed after a restart, the restart): see dueForExpiry. */
    long lastHeld;
    long resolvedAt;
    int checks;
    long nextCheckAt;
    /**
     * Completes when a commit has been applied (or its application failed); repeated commits wait on it. Null for a
     * commit applied before the last restart. Volatile: set under the table's lock, read by completions outside it.
     */
    volatile CompletableFuture<Void> applying;
    /**
     * Commit-log offsets of the halves a commit has re-appended since this broker started, so a retried application
     * appends only the rest. Concurrent (the store's completions add to it), not under the table's lock.
     */
    final java.util.Set<Long> reappended = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Transaction(String txId) {
        this.txId = txId;
    }
}
