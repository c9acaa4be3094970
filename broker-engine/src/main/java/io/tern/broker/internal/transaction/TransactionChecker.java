package io.tern.broker.internal.transaction;

import io.netty.channel.Channel;
import io.tern.broker.internal.transaction.Transaction.Half;
import io.tern.broker.internal.transaction.Transaction.State;
import io.tern.broker.internal.group.GroupMembers;
import io.tern.protocol.CheckTransaction;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.Transactions;
import io.tern.store.AppendResult;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;
import io.tern.store.internal.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Asks producer groups about their abandoned transactions, and parks the ones nobody resolves.
 * <p>An open (not prepared) transaction whose first half message is {@code checkTimeout} old is checked: a
 * {@code CHECK_TRANSACTION} goes oneway to one live member of its producer group (any member: the checker callback
 * must answer from shared state, as in RocketMQ), which answers with END_TRANSACTION. Checks repeat every
 * {@code checkInterval}; each due check counts whether or not a member was live to ask. When {@code maxChecks}
 * checks went unanswered the transaction is PARKED: its half messages are copied to {@code TERN_TX_UNRESOLVED}
 * (queue 0, real topic and queue in properties) and a later commit or rollback answers TX_CONFLICT.
 * <p>An open transaction with held acks or offsets but no half messages has no producer group to ask: once its last
 * held ack or offset is {@code holdMillis} (txAckHold) old, it is handed to {@code expire}, which rolls it back.
 *
 * <p>Thread rules: {@link #doWork} on the checker agent's thread only (or a test's); it only enqueues (oneway
 * writes, store appends, journal records) and never waits for them.
 */
public final class TransactionChecker implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionChecker.class);
    /** The first wait before copying a refused parked half again; doubles up to 64 times this. */
    static final long PARK_RETRY_BACKOFF_MILLIS = 100;

    private final TransactionTable table;
    private final MessageStore store;
    private final GroupMembers producers;
    private final Supplier<String> brokerAddress;
    private final InstantSource clock;
    private final long timeoutMillis;
    private final long intervalMillis;
    private final int maxChecks;
    private final long holdMillis;
    private final Consumer<String> expire;

    public TransactionChecker(TransactionTable table, MessageStore store, GroupMembers producers, Supplier<String> brokerAddress,
                              InstantSource clock, long timeoutMillis, long intervalMillis, int maxChecks,
                              long holdMillis, Consumer<String> expire) {
        this.table = table;
        this.store = store;
        this.producers = producers;
        this.brokerAddress = brokerAddress;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
        this.intervalMillis = intervalMillis;
        this.maxChecks = maxChecks;
        this.holdMillis = holdMillis;
        this.expire = expire;
    }

    @Override
    public String roleName() {
        return "txn-checker";
    }

    @Override
    public int doWork() {
        return checkDue() + expireHolds();
    }

    private int expireHolds() {
        List<String> due = table.dueForExpiry(clock.millis(), holdMillis);
        for (String txId : due) {
            try {
                expire.accept(txId);
            } catch (RuntimeException e) {
                LOG.error("expiring transaction {} failed; it is tried again later", txId, e);
            }
        }
        return due.size();
    }

    private int checkDue() {
        int n = 0;
        for (TransactionTable.Due due : table.dueForCheck(clock.millis(), timeoutMillis, intervalMillis)) {
            try {
                if (due.checks() > maxChecks) {
                    park(due);
                } else {
                    check(due);
                }
                n++;
            } catch (RuntimeException e) {
                LOG.error("checking transaction {} of producer group {} failed; it is checked again later", due.txId(), due.producerGroup(), e);
            }
        }
        return n;
    }

    private void check(TransactionTable.Due due) {
        Channel member = producers.anyLive(due.producerGroup(), ch -> owns(ch, due.owner())); // a tenant never hears of another's transactions
        if (member == null) {
            LOG.info("transaction {}: check {} of {} found no live member of producer group {}", due.txId(), due.checks(), maxChecks, due.producerGroup());
            return;
        }
        byte[] header = new CheckTransaction(brokerAddress.get(), due.txId(), due.producerGroup(), due.checks()).encode();
        member.writeAndFlush(Frame.oneway(CommandCode.CHECK_TRANSACTION, 0, header, null));
    }

    /** Whether a producer's connection may be asked about a transaction of {@code owner} (null: opened without a login). */
    private static boolean owns(Channel ch, String owner) {
        return owner == null || owner.equals(io.tern.remoting.RemotingServer.principal(ch));
    }

    private void park(TransactionTable.Due due) {
        TransactionTable.Change c = table.transition(due.txId(), State.PARKED, EnumSet.of(State.OPEN), null, "parking", TxCaller.ANYONE);
        if (!c.ok() || c.repeated()) {
            return; // resolved meanwhile
        }
        List<Half> halves = table.halves(c.tx());
        LOG.warn("transaction {} of producer group {}: unresolved after {} checks; parking its {} half messages in {}",
                due.txId(), due.producerGroup(), maxChecks, halves.size(), Transactions.UNRESOLVED_TOPIC);
        copyToUnresolved(due.txId(), halves, 1);
    }

    /**
     * Copies the halves to TERN_TX_UNRESOLVED and checks each copy: one the store refused (BUSY, a full disk) is
     * copied again after a back-off, until all are there, so a parked transaction's messages are never only in
     * TERN_HALF (which nobody reads). Any thread (the store's completions, then a delayed executor).
     */
    private void copyToUnresolved(String txId, List<Half> halves, int attempt) {
        List<CompletableFuture<AppendResult>> copies = new ArrayList<>();
        List<Half> copied = new ArrayList<>();
        for (Half h : halves) {
            Optional<StoredMessage> half = store.readAt(h.commitLogOffset());
            if (half.isPresent()) {
                copies.add(store.append(unresolved(half.get().message())));
                copied.add(h);
            } else {
                LOG.error("transaction {}: half message at commit-log offset {} is gone (retention?) and cannot be parked", txId, h.commitLogOffset());
            }
        }
        CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
            List<Half> again = new ArrayList<>();
            String why = null;
            for (int i = 0; i < copies.size(); i++) {
                AppendResult r = copies.get(i).isCompletedExceptionally() ? null : copies.get(i).join();
                if (r == null || !r.isOk()) {
                    again.add(copied.get(i));
                    why = r == null ? String.valueOf(e) : r.error();
                }
            }
            if (!again.isEmpty()) {
                long backoff = PARK_RETRY_BACKOFF_MILLIS << Math.min(attempt - 1, 6);
                LOG.error("transaction {}: {} of its parked half messages were not copied to {} (attempt {}: {}); retrying in {} ms",
                        txId, again.size(), Transactions.UNRESOLVED_TOPIC, attempt, why, backoff);
                CompletableFuture.delayedExecutor(backoff, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .execute(() -> copyToUnresolved(txId, again, attempt + 1));
            }
        });
    }

    /** The half message as parked: same id, body and properties (real topic and queue, transaction id). */
    static MessageRecord unresolved(MessageRecord half) {
        return new MessageRecord(half.id(), Transactions.UNRESOLVED_TOPIC, 0, half.bornTimestamp(), half.bornHost(), half.flags(),
                half.properties(), half.keys(), half.tag(), half.body());
    }
}
