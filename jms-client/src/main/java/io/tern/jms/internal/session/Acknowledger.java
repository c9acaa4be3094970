package io.tern.jms.internal.session;

import io.tern.jms.internal.consumer.TernMessageConsumer;
import io.tern.jms.internal.provider.Provider;
import io.tern.jms.internal.provider.ProviderTransaction;
import io.tern.jms.internal.util.JmsErrors;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TransactionRolledBackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All of a session's acknowledgement, in one place: what each mode does when a message is handed to the application
 * ({@link #beforeDelivery}), when the application is done with it ({@link #afterDelivery}), on
 * {@code Message.acknowledge()}, {@code recover()}, {@code commit()} and {@code rollback()}.
 * <pre>
 *   mode        before delivery          after it (ok)       listener threw        acknowledge()   recover()/rollback()
 *   AUTO        -                        ACK, pipelined      NACK (again at once)  -               redeliver the current one
 *   DUPS_OK     -                        ACK, pipelined      NACK                  -               redeliver the current one
 *   CLIENT      remembered               -                   -                     ACK every one   redeliver every one, in order
 *   TRANSACTED  TX_ACK (held by broker)  -                   -                     -               broker gives them back
 *   XA branch   TX_ACK in the branch     -                   -                     -               (XAResource.rollback)
 * </pre>
 * An XA session is AUTO_ACKNOWLEDGE outside a branch ({@link BranchSource}).
 * Thread rules: the session's thread of control (the application's thread, or its delivery thread under the dispatch
 * lock); not thread-safe on its own.
 */
final class Acknowledger {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);

    private final int mode;
    private final Provider provider;
    private final long timeoutMillis;
    /** CLIENT: delivered and not acknowledged, in delivery order. AUTO/DUPS_OK: the one being delivered. TRANSACTED: acked in the transaction. */
    private final List<Delivery> unacked = new ArrayList<>();
    /**
     * The connection's count of lost broker connections when each of {@link #unacked} was delivered: a delivery from
     * before the latest loss holds a lease the broker gave back with the lost connection (it comes again, marked
     * redelivered), so acknowledging or recovering it would be refused or deliver it twice.
     */
    private final Map<Delivery, Integer> lossesAtDelivery = new java.util.HashMap<>();
    private ProviderTransaction tx;
    /**
     * AUTO and DUPS_OK acks are pipelined, not waited for one by one (as Artemis's default blockOnAcknowledge=false):
     * a listener drains at the wire's rate instead of one round trip per message. A failure before the ack lands
     * redelivers the message marked JMSRedelivered, which both modes allow. Closing the session waits for them, so a
     * clean close redelivers nothing; at most {@value #MAX_PENDING_ACKS} are in flight.
     */
    private static final int MAX_PENDING_ACKS = 1024;
    /** An XA session's branch association (null for other sessions): work inside a branch goes into its transaction. */
    private final BranchSource xa;
    /** Acks sent and not yet answered: closing the session waits for them, so a clean close loses none. */
    private final java.util.Set<java.util.concurrent.CompletableFuture<Void>> lazyAcks = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The connection's count of lost broker connections, and its value when {@link #tx} began. */
    private final java.util.function.IntSupplier brokerLosses;
    private int txBegunAtLoss;

    Acknowledger(int mode, Provider provider, long timeoutMillis, BranchSource xa, java.util.function.IntSupplier brokerLosses) {
        this.brokerLosses = brokerLosses;
        this.mode = mode;
        this.provider = provider;
        this.timeoutMillis = timeoutMillis;
        this.xa = xa;
    }

    /** The transaction the session's sends go into now: the XA branch, the local transaction, or null (send at once). */
    ProviderTransaction workTransaction() {
        if (xa != null) {
            return xa.current();
        }
        return transacted() ? transaction() : null;
    }

    int mode() {
        return mode;
    }

    boolean transacted() {
        return mode == Session.SESSION_TRANSACTED;
    }

    /** The session's current local transaction, begun on first use. */
    ProviderTransaction transaction() {
        if (tx == null) {
            tx = provider.beginTransaction();
            txBegunAtLoss = brokerLosses.getAsInt();
        }
        return tx;
    }

    void beforeDelivery(Delivery d) throws JMSException {
        ProviderTransaction branch = xa == null ? null : xa.current();
        if (branch != null) { // held by the branch on the broker: acknowledged when it commits, given back when it rolls back
            JmsErrors.await(d.consumer().source().ack(d.pending().leased(), branch), timeoutMillis, "transactional ack in an XA branch");
            d.consumer().settled(d.pending().leased());
            return;
        }
        if (transacted()) {
            JmsErrors.await(d.consumer().source().ack(d.pending().leased(), transaction()), timeoutMillis, "transactional ack");
            d.consumer().settled(d.pending().leased());
        }
        unacked.add(d);
        lossesAtDelivery.put(d, brokerLosses.getAsInt());
    }

    /** The application is done with {@code d}: {@code ok} false if its listener threw. */
    void afterDelivery(Delivery d, boolean ok) throws JMSException {
        if (mode != Session.AUTO_ACKNOWLEDGE && mode != Session.DUPS_OK_ACKNOWLEDGE) {
            return;
        }
        if (!unacked.remove(d)) {
            return; // recover() from the listener took it back already
        }
        if (lost(lossesAtDelivery.remove(d))) {
            d.consumer().settled(d.pending().leased());
            return; // the broker gave its lease back with the lost connection: it comes again, marked redelivered
        }
        var leased = d.pending().leased();
        if (!ok) {
            d.consumer().settled(leased);
            JmsErrors.await(d.consumer().source().nack(leased, Duration.ZERO), timeoutMillis, "redelivery after a listener failure");
            return;
        }
        d.consumer().settled(leased);
        if (lazyAcks.size() >= MAX_PENDING_ACKS) {
            awaitLazyAcks(timeoutMillis); // bounded: a slow broker slows the listener instead of piling up acks
        }
        java.util.concurrent.CompletableFuture<Void> f = d.consumer().source().ack(leased).exceptionally(e -> {
            LOG.warn("ack of {} failed; it will be delivered again, marked redelivered: {}", leased.message().id(), e.getMessage());
            return null;
        });
        lazyAcks.add(f);
        f.whenComplete((v, e) -> lazyAcks.remove(f));
    }

    private void awaitLazyAcks(long timeoutMillis) {
        try {
            java.util.concurrent.CompletableFuture.allOf(lazyAcks.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("acks still unanswered after {} ms: their messages may be delivered again, marked redelivered", timeoutMillis);
        }
    }

    private void clearUnacked() {
        unacked.clear();
        lossesAtDelivery.clear();
    }

    /** True if a broker connection was lost since a delivery made when the count was {@code losses}. */
    private boolean lost(Integer losses) {
        return losses != null && losses != brokerLosses.getAsInt();
    }

    /** CLIENT: acknowledges every message the session consumed. Other modes: nothing (the spec says it is ignored). */
    void acknowledgeAll() throws JMSException {
        if (mode != Session.CLIENT_ACKNOWLEDGE) {
            return;
        }
        List<Delivery> all = new ArrayList<>(unacked);
        JMSException first = null;
        for (Delivery d : all) {
            if (lost(lossesAtDelivery.remove(d))) {
                d.consumer().settled(d.pending().leased()); // given back with the lost connection: it comes again, redelivered
                unacked.remove(d);
                continue;
            }
            try {
                JmsErrors.await(d.consumer().source().ack(d.pending().leased()), timeoutMillis, "acknowledge");
            } catch (JMSException e) {
                first = first == null ? e : first; // an expired lease: the message comes again; the others are still acked
            }
            d.consumer().settled(d.pending().leased());
            unacked.remove(d);
        }
        if (first != null) {
            throw first;
        }
    }

    /** recover(): what goes back to each consumer's buffer, in delivery order (still leased: nothing goes to the broker). */
    Map<TernMessageConsumer, List<Delivery>> takeForRecover() {
        Map<TernMessageConsumer, List<Delivery>> out = new LinkedHashMap<>();
        for (Delivery d : unacked) {
            if (lost(lossesAtDelivery.get(d))) {
                d.consumer().settled(d.pending().leased()); // the broker redelivers it already
                continue;
            }
            out.computeIfAbsent(d.consumer(), c -> new ArrayList<>()).add(d);
        }
        clearUnacked();
        return out;
    }

    /**
     * Commits: one broker call (none if nothing was sent or acked). A failure or an unknown outcome is a
     * {@link TransactionRolledBackException}: the session then starts afresh, as after a rollback.
     */
    void commit() throws JMSException {
        ProviderTransaction t = tx;
        tx = null;
        clearUnacked();
        if (t == null) {
            return;
        }
        if (brokerLosses.getAsInt() != txBegunAtLoss) {
            t.rollback().exceptionally(x -> null); // whatever the broker still holds of it goes back
            throw new TransactionRolledBackException("the connection to the broker was lost during this transaction (the connection has "
                    + "reconnected or is reconnecting); the transaction is rolled back: its received messages will be delivered again and "
                    + "its sends are discarded. Repeat the work in a new transaction");
        }
        try {
            JmsErrors.await(t.commit(), timeoutMillis, "commit");
        } catch (JMSException e) {
            TransactionRolledBackException r = new TransactionRolledBackException("the commit did not complete (" + e.getMessage()
                    + "); the transaction is rolled back, its messages will be delivered again and its sends are discarded");
            r.setLinkedException(e);
            r.initCause(e);
            t.rollback().exceptionally(x -> null); // in doubt: make sure, if the broker can still be told
            throw r;
        }
    }

    /** Rolls back: the broker gives the transaction's acked messages back at once and drops its sends. */
    void rollback() throws JMSException {
        ProviderTransaction t = tx;
        tx = null;
        clearUnacked();
        if (t != null) {
            JmsErrors.await(t.rollback(), timeoutMillis, "rollback");
        }
    }

    /** Session close: lazy acks are waited for; unacknowledged deliveries go back to the broker as delivered (they come again, redelivered). */
    void closing(long timeoutMillis) {
        awaitLazyAcks(timeoutMillis);
        for (Delivery d : unacked) {
            d.consumer().settled(d.pending().leased());
            if (!transacted()) {
                d.consumer().source().nack(d.pending().leased(), Duration.ZERO).exceptionally(e -> null);
            }
        }
        clearUnacked();
        if (tx != null) {
            tx.rollback().exceptionally(e -> null);
            tx = null;
        }
    }
}
