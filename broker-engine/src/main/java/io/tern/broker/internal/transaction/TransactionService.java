package io.tern.broker.internal.transaction;

import io.tern.broker.internal.transaction.Transaction.Half;
import io.tern.broker.internal.transaction.Transaction.HeldAck;
import io.tern.broker.internal.transaction.Transaction.State;
import io.tern.broker.internal.lease.JournalRecord;
import io.tern.broker.internal.lease.LeaseCursor;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.lease.ReceiptHandle;
import io.tern.broker.internal.longpoll.ReceiveWaiters;
import io.tern.message.Properties;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.Transactions;
import io.tern.protocol.TxAckRequest;
import io.tern.protocol.XaRequest;
import io.tern.remoting.Request;
import io.tern.store.AppendResult;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * END_TRANSACTION, TX_ACK and the XA commands, and applying a commit.
 * <pre>
 *   send (FLAG_HALF) --SendHandler--> TERN_HALF/0 --TransactionTable.addHalf--> HALF journaled --> send answered
 *   TX_ACK --> lease extended by txAckHold --> ACK journaled --> answered
 *   TX_COMMIT_OFFSET --TxOffsetCommits--> OFFSET journaled --> answered
 *   commit --> COMMIT journaled (forced) --> every half re-appended to its real topic/queue with the same id,
 *              every held ack applied to its lease cursor (and the ack journal), every held offset advanced
 *              --> answered; APPLIED journaled once the offsets file holds the offsets (at once without any)
 *   rollback --> ROLLBACK journaled --> held leases given back (redelivered now), held offsets dropped --> answered
 *   XA prepare --> commit log flushed, PREPARE journaled (forces the HALF/ACK/OFFSET records before it too) --> answered
 * </pre>
 * The decision is on disk before anything is applied, so a crash mid-commit is finished by {@link #recoverCommits}
 * at the next start; re-applying skips half messages already in their real topic (looked up by id), so a message
 * is never there twice. "Together" thus means: after one forced decision, all or (until restart completes it) not yet all.
 *
 * <p>Thread rules: handlers run on the handler executor; journal and store completions hop back to it before they
 * read the store, so neither the journal agent nor the store's agents ever do this class's work.
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    /** The first wait before applying a commit again after a failure; it doubles up to 64 times this. */
    static final java.time.Duration RETRY_BACKOFF = java.time.Duration.ofMillis(100);

    private final TransactionTable table;
    private final MessageStore store;
    private final LeaseTable leases;
    private final ReceiveWaiters waiters;
    private final InstantSource clock;
    private final long ackHoldMillis;
    private final Executor executor;
    private final TxOffsetCommits offsetCommits;
    private final TxCaller.Lookup callers;
    private final ConnectionTransactions perConnection;

    public TransactionService(TransactionTable table, MessageStore store, LeaseTable leases, ReceiveWaiters waiters,
                              InstantSource clock, long ackHoldMillis, Executor executor, TxOffsetCommits offsetCommits,
                              TxCaller.Lookup callers, ConnectionTransactions perConnection) {
        this.callers = callers;
        this.perConnection = perConnection;
        this.table = table;
        this.store = store;
        this.leases = leases;
        this.waiters = waiters;
        this.clock = clock;
        this.ackHoldMillis = ackHoldMillis;
        this.executor = executor;
        this.offsetCommits = offsetCommits;
    }

    public TransactionTable table() {
        return table;
    }

    // ---- half messages (called by SendHandler) ----

    /** The record stored in TERN_HALF for a half message: real topic and queue kept in properties. */
    public static MessageRecord toHalf(MessageRecord m, String producerGroup) {
        Properties p = Properties.builder().putAll(m.properties())
                .put(Transactions.PROP_REAL_TOPIC, m.topic())
                .put(Transactions.PROP_REAL_QUEUE, m.queueId())
                .put(Transactions.PROP_PRODUCER_GROUP, producerGroup).build();
        return new MessageRecord(m.id(), Transactions.HALF_TOPIC, 0, m.bornTimestamp(), m.bornHost(), m.flags(), p, m.keys(), m.tag(), m.body());
    }

    /** The record a commit appends: the half's real topic and queue, same id, transaction flag and properties removed. */
    static MessageRecord toCommitted(MessageRecord half) {
        Properties.Builder p = Properties.builder();
        half.properties().asMap().forEach((k, v) -> {
            if (!k.startsWith("TERN_TX_")) {
                p.put(k, v);
            }
        });
        String topic = (String) half.properties().get(Transactions.PROP_REAL_TOPIC);
        int queue = ((Number) half.properties().get(Transactions.PROP_REAL_QUEUE)).intValue();
        return new MessageRecord(half.id(), topic, queue, half.bornTimestamp(), half.bornHost(), half.flags() & ~Transactions.FLAG_HALF,
                p.build(), half.keys(), half.tag(), half.body());
    }

    /** Why the transaction takes no more messages from this request's login, or null; and the code to answer with. */
    public Refusal refuseWork(String txId, Request request) {
        String foreign = table.refuseCaller(txId, callers.of(request));
        if (foreign != null) {
            return new Refusal(ResponseCode.NO_PERMISSION, foreign);
        }
        String done = table.refuseWork(txId);
        if (done != null) {
            return new Refusal(ResponseCode.TX_CONFLICT, done);
        }
        String capped = perConnection.admit(request.connection(), txId);
        return capped == null ? null : new Refusal(ResponseCode.TX_LIMIT, capped);
    }

    /** A refused piece of transactional work: the response code and the reason. */
    public record Refusal(short code, String reason) {
    }

    /** Registers stored half messages; completes once journaled. */
    public CompletableFuture<Void> halvesStored(String txId, String producerGroup, List<AppendResult> stored, Request request) {
        TxCaller caller = callers.of(request);
        List<CompletableFuture<Void>> journaled = new ArrayList<>();
        for (AppendResult r : stored) {
            journaled.add(table.addHalf(txId, producerGroup, r.commitLogOffset(), r.storeTimestamp(), caller));
        }
        return CompletableFuture.allOf(journaled.toArray(CompletableFuture[]::new));
    }

    // ---- END_TRANSACTION ----

    public void end(Request request) {
        EndTransaction e = EndTransaction.decode(request.frame().header());
        if (e.action() == EndTransaction.COMMIT && refusedIncomplete(request, e.txId(), e.records(), "commit")) {
            return;
        }
        TxCaller caller = callers.of(request);
        CompletableFuture<TransactionTable.Change> done = e.action() == EndTransaction.COMMIT
                ? commit(e.txId(), EnumSet.of(State.OPEN), "commit", caller)
                : rollback(e.txId(), EnumSet.of(State.OPEN), "rollback", caller);
        answer(request, done);
    }

    /**
     * True after refusing to commit or prepare an open transaction that holds another number of records than its
     * sender counted: it lost some (written, not yet forced, when the machine crashed) or took one whose answer never
     * arrived. Committing what is left would make part of the transaction visible, so it is rolled back instead.
     */
    private boolean refusedIncomplete(Request request, String txId, int counted, String what) {
        int held = table.openRecords(txId);
        if (counted == EndTransaction.UNCOUNTED || held < 0 || held == counted || table.refuseCaller(txId, callers.of(request)) != null) {
            return false; // not counted, not open or not the caller's (the transition answers), or complete
        }
        rollback(txId, EnumSet.of(State.OPEN), "rollback of an incomplete transaction", TxCaller.ANYONE).whenComplete((c, e) -> request.error(
                ResponseCode.TX_CONFLICT, what + " of transaction " + txId + " refused: this broker holds " + held + " of the " + counted
                        + " records (messages, held acks and offsets) sent in it, lost in a broker crash or sent without an answer;"
                        + " it is rolled back, send it again"));
        return true;
    }

    /** Commits (decision journaled, then applied); a repeat waits for the first commit's application. */
    CompletableFuture<TransactionTable.Change> commit(String txId, EnumSet<State> from, String what, TxCaller caller) {
        TransactionTable.Change c = table.transition(txId, State.COMMITTED, from, null, what, caller);
        if (!c.ok()) {
            return CompletableFuture.completedFuture(c);
        }
        if (c.repeated()) {
            CompletableFuture<Void> applying = c.tx().applying;
            return applying == null ? CompletableFuture.completedFuture(c) : applying.thenApply(v -> c);
        }
        c.journaled().thenRunAsync(() -> apply(c.tx(), false), executor).exceptionally(t -> {
            c.tx().applying.completeExceptionally(t);
            return null;
        });
        return c.tx().applying.thenApply(v -> c);
    }

    CompletableFuture<TransactionTable.Change> rollback(String txId, EnumSet<State> from, String what, TxCaller caller) {
        TransactionTable.Change c = table.transition(txId, State.ROLLED_BACK, from, null, what, caller);
        if (!c.ok() || c.repeated()) {
            return CompletableFuture.completedFuture(c);
        }
        return c.journaled().thenApplyAsync(v -> {
            giveBackLeases(c.tx());
            return c;
        }, executor);
    }

    /**
     * Re-appends the halves to their topics and applies the held acks and offsets; completes the transaction's
     * {@code applying} then, and journals APPLIED once the offsets file holds the offsets too. A failure (the writer
     * queue BUSY, a full disk, a journal write) is retried after a back-off until the commit is applied: the decision
     * is made, so the commit is answered late rather than wrongly. Halves already re-appended in an earlier attempt
     * are not appended again ({@link Transaction#reappended}); acks and offsets apply idempotently. The first attempt
     * appends every half at once; a retry appends them one after the other, so a full writer queue is not asked
     * for all of them again at the same moment.
     */
    private void apply(Transaction tx, boolean recovering) {
        apply(tx, recovering, 1);
    }

    private void apply(Transaction tx, boolean recovering, int attempt) {
        List<CompletableFuture<AppendResult>> appends = appendHalves(tx, recovering, attempt > 1);
        CompletableFuture<Void> acks = applyAcks(tx);
        CompletableFuture<Void> offsetsPersisted = offsetCommits.apply(tx);
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).thenCombine(acks, (x, y) -> null).whenComplete((v, e) -> {
            String failed = e != null ? e.getMessage() : appends.stream().map(CompletableFuture::join).filter(r -> !r.isOk())
                    .map(AppendResult::error).findFirst().orElse(null);
            if (failed == null) {
                tx.applying.complete(null);
                offsetsPersisted.thenRun(() -> table.applied(tx));
            } else {
                long backoff = RETRY_BACKOFF.toMillis() << Math.min(attempt - 1, 6); // 100 ms doubling to 6.4 s
                (attempt == 1 || attempt % 10 == 0 ? LOG.atError() : LOG.atWarn()).log("transaction {}: applying the commit failed"
                        + " (attempt {}: {}); retrying in {} ms", tx.txId, attempt, failed, backoff);
                CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS, executor).execute(() -> apply(tx, recovering, attempt + 1));
            }
        });
    }

    /**
     * Appends each half to its real topic with the same id, except those an earlier attempt stored; when recovering,
     * also skips those a crash left already there (found by id: recovery has indexed the whole log before this runs).
     */
    private List<CompletableFuture<AppendResult>> appendHalves(Transaction tx, boolean recovering, boolean oneAtATime) {
        List<CompletableFuture<AppendResult>> appends = new ArrayList<>();
        CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
        for (Half h : table.halves(tx)) {
            if (tx.reappended.contains(h.commitLogOffset())) {
                continue;
            }
            Optional<StoredMessage> half = store.readAt(h.commitLogOffset());
            if (half.isEmpty()) {
                LOG.error("transaction {}: half message at commit-log offset {} is gone (retention?); committed without it", tx.txId, h.commitLogOffset());
                continue;
            }
            MessageRecord committed = toCommitted(half.get().message());
            if (recovering && store.lookupById(committed.id(), committed.topic()).isPresent()) {
                continue; // applied before the crash
            }
            CompletableFuture<AppendResult> appended = (oneAtATime ? previous.thenCompose(x -> store.append(committed)) : store.append(committed))
                    .thenApply(r -> {
                        if (r.isOk()) {
                            tx.reappended.add(h.commitLogOffset());
                        }
                        return r;
                    });
            appends.add(appended);
            previous = appended;
        }
        return appends;
    }

    /** Applies the held acks to their lease cursors; completes when the ack journal has them. */
    private CompletableFuture<Void> applyAcks(Transaction tx) {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (HeldAck a : table.acks(tx)) {
            LeaseCursor c = leases.cursor(a.group(), a.topic(), a.queueId());
            synchronized (c) { // queued in the order applied, so a reset's record never lands between the two
                c.applyAck(a.offset());
                acks.add(leases.journal().append(new JournalRecord(JournalRecord.ACK, a.group(), a.topic(), a.queueId(), a.offset(), 0).encode()));
            }
        }
        return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
    }

    private void giveBackLeases(Transaction tx) {
        long now = clock.millis();
        for (HeldAck a : table.acks(tx)) {
            LeaseCursor c = leases.existing(a.group(), a.topic(), a.queueId());
            if (c != null && c.nack(a.offset(), a.receiptId(), now, 0) == LeaseCursor.Outcome.OK) {
                waiters.wake(a.group(), a.topic());
            }
        }
    }

    /**
     * Rolls back an open transaction that holds acks or offsets but no half messages (nobody to check back) once its
     * last one is {@code txAckHold} old ({@link TransactionChecker}): its client is gone, and its leases come back now.
     */
    public void expire(String txId) {
        rollback(txId, EnumSet.of(State.OPEN), "expiry after txAckHold", TxCaller.ANYONE).thenAccept(c -> {
            if (c.ok() && !c.repeated()) {
                LOG.warn("transaction {}: held acks or offsets for txAckHold ({} ms) without being ended; rolled back", txId, ackHoldMillis);
            }
        });
    }

    /** At start: finishes commits decided before a crash but not applied. */
    public void recoverCommits() {
        for (Transaction tx : table.committedNotApplied()) {
            LOG.info("transaction {}: committed before the restart but not fully applied; applying it now", tx.txId);
            tx.applying = new CompletableFuture<>();
            executor.execute(() -> apply(tx, true));
        }
    }

    // ---- TX_ACK ----

    public void holdAck(Request request) {
        TxAckRequest a = TxAckRequest.decode(request.frame().header());
        Refusal refusal = refuseWork(a.txId(), request);
        if (refusal != null) {
            request.error(refusal.code(), "transactional ack refused: " + refusal.reason());
            return;
        }
        ReceiptHandle h;
        try {
            h = ReceiptHandle.parse(a.receiptHandle());
        } catch (IllegalArgumentException e) {
            request.error(ResponseCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        LeaseCursor c = leases.existing(a.group(), a.topic(), h.queueId());
        if (c == null || c.changeInvisibility(h.offset(), h.receiptId(), clock.millis(), ackHoldMillis) != LeaseCursor.Outcome.OK) {
            request.error(ResponseCode.LEASE_EXPIRED, "transactional ack refused: receipt handle " + a.receiptHandle() + " holds no lease on "
                    + a.topic() + "/" + h.queueId() + " offset " + h.offset() + " for group " + a.group());
            return;
        }
        table.holdAck(a.txId(), new HeldAck(a.group(), a.topic(), h.queueId(), h.offset(), h.receiptId()), callers.of(request)).whenComplete((v, e) -> {
            if (e == null) {
                request.ok(null, null);
            } else if (e instanceof TransactionTable.Conflict) {
                request.error(ResponseCode.TX_CONFLICT, "transactional ack refused: " + e.getMessage());
            } else {
                request.error(ResponseCode.STORE_UNAVAILABLE, "transactional ack not journaled: " + e.getMessage());
            }
        });
    }

    // ---- XA ----

    public void prepare(Request request) {
        XaRequest x = XaRequest.decode(request.frame().header());
        String txId = x.xid().toTxId();
        if (refusedIncomplete(request, txId, x.records(), "XA prepare")) {
            return;
        }
        TxCaller caller = callers.of(request);
        String foreign = table.refuseCaller(txId, caller);
        if (foreign != null) {
            request.error(ResponseCode.NO_PERMISSION, "XA prepare refused: " + foreign);
            return;
        }
        String lost = pinForPrepare(txId);
        if (lost != null) {
            request.error(ResponseCode.TX_CONFLICT, "XA prepare of " + txId + " refused: " + lost + "; roll the branch back");
            return;
        }
        // flush first: the PREPARE record must never be on disk while a half message it covers is not
        CompletableFuture<TransactionTable.Change> done = store.flush().thenCompose(flushed -> {
            TransactionTable.Change c = table.transition(txId, State.PREPARED, EnumSet.of(State.OPEN), x.xid(), "XA prepare", caller);
            return c.ok() ? c.journaled().thenApply(v -> c) : CompletableFuture.completedFuture(c);
        });
        answer(request, done);
    }

    /**
     * Pins the leases of an open branch's held acks until it is resolved (a prepared branch may wait for its
     * coordinator for hours). If one was lost (its hold ran out and the message went to another receiver) the branch
     * cannot keep its promise: the pins taken go back to the ordinary hold and the reason is returned.
     */
    private String pinForPrepare(String txId) {
        long now = clock.millis();
        List<HeldAck> pinned = new ArrayList<>();
        for (HeldAck a : table.acksIfOpen(txId)) {
            LeaseCursor c = leases.existing(a.group(), a.topic(), a.queueId());
            if (c == null || !c.pin(a.offset(), a.receiptId(), LeaseCursor.UNTIL_RESOLVED, now)) {
                pinned.forEach(p -> leases.existing(p.group(), p.topic(), p.queueId()).pin(p.offset(), p.receiptId(), now + ackHoldMillis, now));
                return "the lease of its acknowledged message " + a.topic() + "/" + a.queueId() + " offset " + a.offset() + " for group "
                        + a.group() + " ran out (held " + ackHoldMillis + " ms after the ack) and the message may have gone to another receiver";
            }
            pinned.add(a);
        }
        return null;
    }

    /**
     * At start, before serving: leases are not persisted, so the messages that open and prepared transactions
     * acknowledged would go to other receivers. Pins them again: prepared ones until resolved, open ones for a fresh
     * ack hold (an open transaction whose client is gone gives them back when that runs out).
     */
    public void pinHeldAcks() {
        long now = clock.millis();
        int pinned = 0;
        for (TransactionTable.Holding h : table.unresolvedAcks()) {
            HeldAck a = h.ack();
            long deadline = h.prepared() ? LeaseCursor.UNTIL_RESOLVED : now + ackHoldMillis;
            if (leases.cursor(a.group(), a.topic(), a.queueId()).pin(a.offset(), a.receiptId(), deadline, now)) {
                pinned++;
            }
        }
        if (pinned > 0) {
            LOG.info("{} message(s) acknowledged by open or prepared transactions held from other receivers again", pinned);
        }
    }

    public void xaCommit(Request request) {
        XaRequest x = XaRequest.decode(request.frame().header());
        if (x.onePhase() && refusedIncomplete(request, x.xid().toTxId(), x.records(), "XA one-phase commit")) {
            return;
        }
        TxCaller caller = callers.of(request);
        answer(request, x.onePhase()
                ? commit(x.xid().toTxId(), EnumSet.of(State.OPEN), "XA one-phase commit", caller)
                : commit(x.xid().toTxId(), EnumSet.of(State.PREPARED), "XA two-phase commit", caller));
    }

    public void xaRollback(Request request) {
        XaRequest x = XaRequest.decode(request.frame().header());
        answer(request, rollback(x.xid().toTxId(), EnumSet.of(State.OPEN, State.PREPARED), "XA rollback", callers.of(request)));
    }

    public void xaRecover(Request request) {
        request.ok(XaRequest.encodeXids(table.prepared(callers.of(request))), null); // a tenant sees its own branches only
    }

    private static void answer(Request request, CompletableFuture<TransactionTable.Change> done) {
        done.whenComplete((c, e) -> {
            if (e != null) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                request.error(ResponseCode.STORE_UNAVAILABLE, cause.getMessage());
            } else if (!c.ok()) {
                request.error(c.code(), c.refusal());
            } else {
                request.ok(new EndTransaction.Result(c.state().code, c.repeated()).encode(), null);
            }
        });
    }
}
