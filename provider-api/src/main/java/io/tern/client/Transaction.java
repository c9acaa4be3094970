package io.tern.client;

import io.tern.protocol.Xid;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A transaction of a {@link Producer}: messages sent in it are stored as half messages, invisible until
 * {@link #commit()}, and discarded by {@link #rollback()}; lease acks made with {@link LeaseConsumer#ack(LeasedMessage, Transaction)}
 * and offsets held with {@link PullConsumer#commit(Transaction)} apply only on commit. A transaction lives on one broker:
 * the first send (or held ack or offset) pins it to that broker, and later sends go to queues of the same broker (a topic
 * that broker does not serve is refused).
 * An XA branch ({@link Producer#beginTransaction(Xid)}) adds {@link #prepare()} and {@link #commit(boolean)}.
 * Commit and rollback are idempotent. Thread-safe, but meant for one thread at a time (like a JMS session).
 */
public final class Transaction {
    private final Producer producer;
    private final String id;
    private final Xid xid;
    final AtomicReference<String> brokerName = new AtomicReference<>();
    /**
     * Records the broker took in this transaction: messages, held acks, distinct held offsets. The commit (or XA
     * prepare) carries it, and a broker holding another number rolls back rather than commit part of the transaction.
     */
    private final AtomicInteger records = new AtomicInteger();
    private final Set<String> heldOffsets = ConcurrentHashMap.newKeySet();
    /** Told true after a commit, false after a rollback, through this object; then forgotten. */
    private final List<Consumer<Boolean>> endHooks = new CopyOnWriteArrayList<>();

    Transaction(Producer producer, String id, Xid xid) {
        this.producer = producer;
        this.id = id;
        this.xid = xid;
    }

    /** The transaction id the broker knows it by ({@code xid.toTxId()} for an XA branch). */
    public String id() {
        return id;
    }

    /** The branch's Xid, or null for a local transaction. */
    public Xid xid() {
        return xid;
    }

    /** The broker this transaction lives on (null before anything was sent in it). */
    public String brokerName() {
        return brokerName.get();
    }

    /** Pins the transaction to a broker for acks alone (a transaction that sends nothing). */
    public void pin(String broker) {
        if (!brokerName.compareAndSet(null, broker) && !brokerName.get().equals(broker)) {
            throw new IllegalStateException("transaction " + id + " lives on broker " + brokerName.get() + ", not " + broker);
        }
    }

    public SendResult send(OutgoingMessage m) {
        return producer.sendInTransaction(this, m);
    }

    /** Sends to the queue {@code hash(shardingKey)} of the broker this transaction lives on: one key, one queue, one order. */
    public SendResult send(OutgoingMessage m, String shardingKey) {
        return producer.sendInTransaction(this, m, java.util.Objects.requireNonNull(shardingKey, "shardingKey"));
    }

    /** Commits: every message becomes visible and every held ack applies. Repeating it is harmless. */
    public void commit() {
        if (xid != null) {
            commit(true);
        } else {
            producer.end(this, true);
            ended(true);
        }
    }

    public void rollback() {
        producer.end(this, false);
        ended(false);
    }

    /** XA prepare: the branch's messages and held acks are on the broker's disk, to be committed or rolled back later. */
    public void prepare() {
        producer.xa(this, io.tern.protocol.CommandCode.XA_PREPARE, false);
    }

    /** XA commit: one-phase (never prepared) or two-phase (prepared). */
    public void commit(boolean onePhase) {
        producer.xa(this, io.tern.protocol.CommandCode.XA_COMMIT, onePhase);
        ended(true);
    }

    /** The broker answered OK to a send or held ack in this transaction. */
    void recorded() {
        records.incrementAndGet();
    }

    /** The broker answered OK to holding an offset; a later hold of the same key replaces it there, so it counts once. */
    void heldOffset(String key) {
        if (heldOffsets.add(key)) {
            records.incrementAndGet();
        }
    }

    int records() {
        return records.get();
    }

    /** Runs {@code hook} (on the thread that ends it) once this transaction is committed or rolled back successfully. */
    void onEnd(Consumer<Boolean> hook) {
        endHooks.add(hook);
    }

    private void ended(boolean committed) {
        for (Consumer<Boolean> h : endHooks) {
            endHooks.remove(h);
            h.accept(committed);
        }
    }

    @Override
    public String toString() {
        return "Transaction[" + id + (brokerName.get() == null ? "" : " on " + brokerName.get()) + "]";
    }
}
