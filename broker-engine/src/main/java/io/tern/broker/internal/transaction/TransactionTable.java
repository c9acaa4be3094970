package io.tern.broker.internal.transaction;

import io.tern.broker.internal.transaction.Transaction.Half;
import io.tern.broker.internal.transaction.Transaction.HeldAck;
import io.tern.broker.internal.transaction.Transaction.OffsetKey;
import io.tern.broker.internal.transaction.Transaction.State;
import io.tern.broker.internal.journal.GroupCommitJournal;
import io.tern.broker.internal.journal.JournalReplay;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.Xid;
import io.tern.store.internal.AtomicFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every transaction the broker knows, and the journal that makes their state survive a restart.
 * <pre>
 *   <dataDir>/txn/checkpoint                    | magic "TTC1" (int) | journalSeq (long) | TxRecord... |
 *                                               every live transaction written as the records that rebuild it
 *   <dataDir>/txn/journal-00000000000000000007  TxRecords appended since that checkpoint (group-committed, forced)
 * </pre>
 * A state change happens in memory first, under this table's lock, and is then queued to the journal; requests are
 * answered once the journal has forced it. Replaying a record twice (one that made both the checkpoint and the new
 * file) changes nothing. Resolved transactions are remembered for {@code resolvedRetention} so that a repeated or
 * late commit/rollback gets the same answer; after that they are forgotten (a commit then answers TX_UNKNOWN).
 * A committed transaction not yet applied is never forgotten: recovery applies it again.
 *
 * <p>Thread rules: every method is {@code synchronized} (short sections, no I/O inside except the checkpoint's
 * snapshot, which only encodes); the journal agent writes the files.
 */
public final class TransactionTable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionTable.class);
    static final int CHECKPOINT_MAGIC = 0x54544331; // "TTC1"
    static final String CHECKPOINT = "checkpoint";

    /** The outcome of a state change: the transaction, whether it was in the target state already, or a refusal. */
    record Change(Transaction tx, State state, boolean repeated, short code, String refusal, CompletableFuture<Void> journaled) {
        static Change refused(short code, String why) {
            return new Change(null, null, false, code, why, null);
        }

        boolean ok() {
            return refusal == null;
        }
    }

    /** A transaction due for a check-back: who to ask, and its check count. */
    record Due(String txId, String producerGroup, int checks, String owner) {
    }

    private final Map<String, Transaction> txs = new HashMap<>();
    private final InstantSource clock;
    private final long retentionMillis;
    private final GroupCommitJournal journal;

    private TransactionTable(Path dir, InstantSource clock, Duration checkpointInterval, Duration resolvedRetention, boolean forceWork)
            throws IOException {
        this.clock = clock;
        this.retentionMillis = resolvedRetention.toMillis();
        Files.createDirectories(dir);
        long lastSeq = recover(dir);
        this.journal = new GroupCommitJournal("txn-journal", dir, lastSeq, clock, checkpointInterval, this::writeCheckpoint, forceWork);
    }

    /** @param forceWork whether a transaction's work (halves, held acks and offsets) is answered only once forced: SYNC flush */
    public static TransactionTable open(Path dir, InstantSource clock, Duration checkpointInterval, Duration resolvedRetention,
                                        boolean forceWork) throws IOException {
        return new TransactionTable(dir, clock, checkpointInterval, resolvedRetention, forceWork);
    }

    public GroupCommitJournal journal() {
        return journal;
    }

    /** Why {@code txId} takes no more messages or acks (resolved or prepared), or null if it does (or is new). */
    synchronized String refuseWork(String txId) {
        Transaction tx = txs.get(txId);
        return tx == null || tx.state == State.OPEN ? null
                : "transaction " + txId + " is " + tx.state + "; it takes no more messages, acks or offsets";
    }

    /** Whether {@code txId} is known and still takes work (open: neither resolved nor prepared). */
    public synchronized boolean takesWork(String txId) {
        Transaction tx = txs.get(txId);
        return tx != null && tx.state == State.OPEN;
    }

    /**
     * Why {@code caller} may not touch {@code txId} (it belongs to another login), or null if it may (or the id is new).
     * The refusal names the caller, never the owner: nobody learns who else uses the broker.
     */
    synchronized String refuseCaller(String txId, TxCaller caller) {
        Transaction tx = txs.get(txId);
        return tx == null || caller.mayUse(tx.owner) ? null
                : "transaction " + txId + " was opened by another login; user '" + caller.user() + "' may not use it";
    }

    /** Creates the transaction for {@code caller} if it is new (journaling its owner first); refusal or null. Locked. */
    private String claim(String txId, TxCaller caller) {
        String refusal = refuseCaller(txId, caller);
        if (refusal == null) {
            refusal = refuseWork(txId);
        }
        if (refusal == null && !txs.containsKey(txId) && caller.user() != null) {
            TxRecord owner = new TxRecord(TxRecord.OWNER, txId, caller.user(), null, 0, 0, 0, null);
            apply(owner);
            journal.append(owner.encode()); // before the first work record: the journal is written in order
        }
        return refusal;
    }

    /** Thrown (in a future) when work reaches a transaction that was resolved or prepared after the work was checked. */
    public static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    /**
     * Adds a stored half message; fails with {@link Conflict} if the transaction stopped taking work since the send
     * was checked (a commit racing its own send: the half stays unreferenced in TERN_HALF until retention).
     */
    synchronized CompletableFuture<Void> addHalf(String txId, String producerGroup, long commitLogOffset, long storeTime, TxCaller caller) {
        String refusal = claim(txId, caller);
        if (refusal != null) {
            return CompletableFuture.failedFuture(new Conflict(refusal));
        }
        TxRecord r = new TxRecord(TxRecord.HALF, txId, producerGroup, null, 0, commitLogOffset, storeTime, null);
        apply(r);
        return journal.append(r.encode());
    }

    synchronized CompletableFuture<Void> holdAck(String txId, HeldAck a, TxCaller caller) {
        String refusal = claim(txId, caller);
        if (refusal != null) {
            return CompletableFuture.failedFuture(new Conflict(refusal));
        }
        TxRecord r = new TxRecord(TxRecord.ACK, txId, a.group(), a.topic(), a.queueId(), a.offset(), a.receiptId(), null);
        apply(r);
        return journal.append(r.encode());
    }

    /** Holds {@code offset} as the commit of {@code key} in the transaction, replacing an earlier one of the same key. */
    synchronized CompletableFuture<Void> holdOffset(String txId, OffsetKey key, long offset, TxCaller caller) {
        String refusal = claim(txId, caller);
        if (refusal != null) {
            return CompletableFuture.failedFuture(new Conflict(refusal));
        }
        TxRecord r = new TxRecord(TxRecord.OFFSET, txId, key.group(), key.topic(), key.queueId(), offset, clock.millis(), null);
        apply(r);
        return journal.append(r.encode());
    }

    /**
     * Moves a transaction from one of {@code from} to {@code to} and journals it; a transaction already in {@code to}
     * is a repeat (nothing journaled). A commit gets a fresh {@code applying} future.
     */
    synchronized Change transition(String txId, State to, EnumSet<State> from, Xid xid, String what, TxCaller caller) {
        Transaction tx = txs.get(txId);
        if (tx == null) {
            return Change.refused(ResponseCode.TX_UNKNOWN, what + " of transaction " + txId + " refused: this broker has no message"
                    + " or ack of it (never sent here, or resolved longer ago than it remembers)");
        }
        String foreign = refuseCaller(txId, caller);
        if (foreign != null) {
            return Change.refused(ResponseCode.NO_PERMISSION, what + " refused: " + foreign);
        }
        if (tx.state == to) {
            return new Change(tx, to, true, ResponseCode.OK, null, CompletableFuture.completedFuture(null));
        }
        if (!from.contains(tx.state)) {
            return Change.refused(ResponseCode.TX_CONFLICT, what + " of transaction " + txId + " refused: it is " + tx.state
                    + (tx.state == State.PARKED ? " (its half messages are in TERN_TX_UNRESOLVED)" : ""));
        }
        long now = clock.millis();
        TxRecord r = switch (to) {
            case PREPARED -> new TxRecord(TxRecord.PREPARE, txId, null, null, 0, 0, now, xid);
            case COMMITTED -> TxRecord.of(TxRecord.COMMIT, txId, now);
            case ROLLED_BACK -> TxRecord.of(TxRecord.ROLLBACK, txId, now);
            case PARKED -> TxRecord.of(TxRecord.PARKED, txId, now);
            case OPEN -> throw new IllegalArgumentException("no transition back to OPEN");
        };
        apply(r);
        if (to == State.COMMITTED) {
            tx.applying = new CompletableFuture<>();
        }
        return new Change(tx, to, false, ResponseCode.OK, null, journal.appendForced(r.encode())); // covers the work before it
    }

    /** Records that a commit is fully applied. */
    synchronized void applied(Transaction tx) {
        TxRecord r = TxRecord.of(TxRecord.APPLIED, tx.txId, 0);
        apply(r);
        journal.append(r.encode());
    }

    synchronized List<Half> halves(Transaction tx) {
        return List.copyOf(tx.halves);
    }

    synchronized List<HeldAck> acks(Transaction tx) {
        return List.copyOf(tx.acks);
    }

    synchronized Map<OffsetKey, Long> offsets(Transaction tx) {
        return new LinkedHashMap<>(tx.offsets);
    }

    synchronized Transaction find(String txId) {
        return txs.get(txId);
    }

    /** Committed transactions that recovery found not yet applied. */
    synchronized List<Transaction> committedNotApplied() {
        return txs.values().stream().filter(t -> t.state == State.COMMITTED && !t.applied).toList();
    }

    /** Records an open transaction holds (half messages, held acks, distinct held offsets); -1 if it is not open here. */
    synchronized int openRecords(String txId) {
        Transaction t = txs.get(txId);
        return t == null || t.state != State.OPEN ? -1 : t.halves.size() + t.acks.size() + t.offsets.size();
    }

    /** The held acks of {@code txId} if it is open (what a prepare must pin), else none. */
    synchronized List<HeldAck> acksIfOpen(String txId) {
        Transaction t = txs.get(txId);
        return t != null && t.state == State.OPEN ? List.copyOf(t.acks) : List.of();
    }

    /** A held ack of a transaction that is still open or prepared. */
    record Holding(String txId, boolean prepared, HeldAck ack) {
    }

    /** Every held ack of an open or prepared transaction: what a restart must pin again. */
    synchronized List<Holding> unresolvedAcks() {
        List<Holding> out = new ArrayList<>();
        for (Transaction t : txs.values()) {
            if (t.state == State.OPEN || t.state == State.PREPARED) {
                t.acks.forEach(a -> out.add(new Holding(t.txId, t.state == State.PREPARED, a)));
            }
        }
        return out;
    }

    synchronized List<Xid> prepared() {
        return prepared(TxCaller.ANYONE);
    }

    /** The prepared branches {@code caller} may see: its own (an admin's: all). */
    synchronized List<Xid> prepared(TxCaller caller) {
        return txs.values().stream().filter(t -> t.state == State.PREPARED && caller.mayUse(t.owner)).map(t -> t.xid).toList();
    }

    /** The prepared transactions holding an ack of {@code group} on {@code topic}, by id (an XA branch's id is its Xid), sorted. */
    public synchronized java.util.SortedSet<String> preparedHolding(String group, String topic) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (Transaction t : txs.values()) {
            if (t.state == State.PREPARED && t.acks.stream().anyMatch(a -> a.group().equals(group) && a.topic().equals(topic))) {
                out.add(t.txId);
            }
        }
        return out;
    }

    /** The open or prepared transaction holding {@code group}'s ack of a lease-mode offset, or null (a scan of every transaction). */
    public synchronized String holdingAck(String group, String topic, int queueId, long offset) {
        for (Transaction t : txs.values()) {
            if (t.state == State.OPEN || t.state == State.PREPARED) {
                for (HeldAck a : t.acks) {
                    if (a.offset() == offset && a.queueId() == queueId && a.group().equals(group) && a.topic().equals(topic)) {
                        return t.txId;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Open transactions whose first half message is at least {@code timeoutMillis} old and whose next check is due;
     * each one's check count goes up and its next check is {@code intervalMillis} away. Prepared ones never qualify.
     */
    synchronized List<Due> dueForCheck(long now, long timeoutMillis, long intervalMillis) {
        List<Due> due = new ArrayList<>();
        for (Transaction t : txs.values()) {
            if (t.state == State.OPEN && !t.halves.isEmpty() && now - t.firstSeen >= timeoutMillis && now >= t.nextCheckAt) {
                t.checks++;
                t.nextCheckAt = now + intervalMillis;
                due.add(new Due(t.txId, t.producerGroup, t.checks, t.owner));
            }
        }
        return due;
    }

    /**
     * Open transactions without half messages (nobody to check back) whose last held ack or offset is at least
     * {@code holdMillis} old: their client is gone or too slow, and the broker rolls them back. Prepared ones never qualify.
     */
    synchronized List<String> dueForExpiry(long now, long holdMillis) {
        return txs.values().stream()
                .filter(t -> t.state == State.OPEN && t.halves.isEmpty() && (!t.acks.isEmpty() || !t.offsets.isEmpty())
                        && now - t.lastHeld >= holdMillis)
                .map(t -> t.txId).toList();
    }

    synchronized int size() {
        return txs.size();
    }

    /** Every transaction the table holds, as LIST_TRANSACTIONS shows it (a copy: the caller holds no lock). */
    synchronized List<io.tern.protocol.TransactionList.Entry> summaries() {
        List<io.tern.protocol.TransactionList.Entry> out = new ArrayList<>(txs.size());
        for (Transaction t : txs.values()) {
            out.add(new io.tern.protocol.TransactionList.Entry(t.txId, t.state.code, t.producerGroup, t.halves.size(), t.acks.size(),
                    t.firstSeen == Long.MAX_VALUE ? -1 : t.firstSeen, t.resolvedAt, t.checks));
        }
        return out;
    }

    /** Applies a record to memory: the live path and the replay share it. */
    private void apply(TxRecord r) {
        Transaction tx = txs.computeIfAbsent(r.txId(), Transaction::new);
        switch (r.type()) {
            case TxRecord.HALF -> {
                Half h = new Half(r.offset(), r.aux());
                if (!tx.halves.contains(h)) {
                    tx.halves.add(h);
                }
                tx.producerGroup = r.group();
                tx.firstSeen = Math.min(tx.firstSeen, r.aux());
            }
            case TxRecord.ACK -> {
                HeldAck a = new HeldAck(r.group(), r.topic(), r.queueId(), r.offset(), r.aux());
                if (!tx.acks.contains(a)) {
                    tx.acks.add(a);
                }
                tx.firstSeen = Math.min(tx.firstSeen, clock.millis());
                tx.lastHeld = Math.max(tx.lastHeld, clock.millis());
            }
            case TxRecord.OFFSET -> {
                tx.offsets.put(new OffsetKey(r.group(), r.topic(), r.queueId()), r.offset());
                tx.lastHeld = Math.max(tx.lastHeld, r.aux());
            }
            case TxRecord.PREPARE -> {
                tx.state = State.PREPARED;
                tx.xid = r.xid();
            }
            case TxRecord.COMMIT -> resolve(tx, State.COMMITTED, r.aux());
            case TxRecord.ROLLBACK -> resolve(tx, State.ROLLED_BACK, r.aux());
            case TxRecord.PARKED -> resolve(tx, State.PARKED, r.aux());
            case TxRecord.APPLIED -> tx.applied = true;
            case TxRecord.OWNER -> tx.owner = r.group();
            default -> throw new IllegalArgumentException("transaction record type " + r.type());
        }
    }

    private static void resolve(Transaction tx, State s, long when) {
        tx.state = s;
        tx.resolvedAt = when;
    }

    // ---- checkpoint and recovery ----

    /** Journal agent's thread: every live transaction as the records that rebuild it; forgets old resolved ones. */
    private void writeCheckpoint(Path dir, long seq) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(12).putInt(CHECKPOINT_MAGIC).putLong(seq).array());
        for (TxRecord r : snapshot()) {
            out.write(r.encode());
        }
        AtomicFile.replace(dir.resolve(CHECKPOINT), out.toByteArray());
    }

    private synchronized List<TxRecord> snapshot() {
        long forgetBefore = clock.millis() - retentionMillis;
        List<TxRecord> records = new ArrayList<>();
        for (Iterator<Transaction> it = txs.values().iterator(); it.hasNext(); ) {
            Transaction t = it.next();
            boolean done = t.state.resolved() && (t.state != State.COMMITTED || t.applied);
            if (done && t.resolvedAt < forgetBefore) {
                it.remove();
                continue;
            }
            if (t.owner != null) {
                records.add(new TxRecord(TxRecord.OWNER, t.txId, t.owner, null, 0, 0, 0, null));
            }
            if (!done) {
                t.halves.forEach(h -> records.add(new TxRecord(TxRecord.HALF, t.txId, t.producerGroup, null, 0, h.commitLogOffset(), h.storeTime(), null)));
                t.acks.forEach(a -> records.add(new TxRecord(TxRecord.ACK, t.txId, a.group(), a.topic(), a.queueId(), a.offset(), a.receiptId(), null)));
                t.offsets.forEach((k, o) -> records.add(new TxRecord(TxRecord.OFFSET, t.txId, k.group(), k.topic(), k.queueId(), o, t.lastHeld, null)));
            }
            if (t.xid != null) {
                records.add(new TxRecord(TxRecord.PREPARE, t.txId, null, null, 0, 0, 0, t.xid));
            }
            switch (t.state) {
                case COMMITTED -> records.add(TxRecord.of(TxRecord.COMMIT, t.txId, t.resolvedAt));
                case ROLLED_BACK -> records.add(TxRecord.of(TxRecord.ROLLBACK, t.txId, t.resolvedAt));
                case PARKED -> records.add(TxRecord.of(TxRecord.PARKED, t.txId, t.resolvedAt));
                default -> { }
            }
            if (t.applied) {
                records.add(TxRecord.of(TxRecord.APPLIED, t.txId, 0));
            }
        }
        return records;
    }

    private long recover(Path dir) throws IOException {
        long cpSeq = 0;
        int records = 0;
        Path cp = dir.resolve(CHECKPOINT);
        if (Files.exists(cp)) {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(cp));
            if (in.remaining() < 12 || in.getInt() != CHECKPOINT_MAGIC) {
                throw new IOException("transaction checkpoint " + cp + " does not start with magic TTC1; move it away to start without it");
            }
            cpSeq = in.getLong();
            records += JournalReplay.replay(in, cp, TxRecord::read, this::apply, "transaction file");
        }
        JournalReplay.Replayed replayed = JournalReplay.replay(dir, cpSeq, TxRecord::read, this::apply, "transaction file");
        records += replayed.records();
        if (!txs.isEmpty()) {
            LOG.info("transactions recovered from {}: {} known ({} prepared), {} records replayed", dir, txs.size(), prepared().size(), records);
        }
        return replayed.lastSeq();
    }
}
