package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.TernClientException;
import io.tern.client.Transaction;
import io.tern.client.TransactionResolution;
import io.tern.message.MessageId;
import io.tern.protocol.CommandCode;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.Frame;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.Transactions;
import io.tern.protocol.Xid;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Transactions end to end: a NameServer, a broker and clients over loopback. */
class TransactionIT {
    @TempDir
    Path dir;
    Cluster cluster;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        cluster.close();
    }

    private Broker start(UnaryOperator<TransactionSettings> tx) {
        if (cluster == null) {
            cluster = new Cluster(dir);
        }
        return cluster.startBroker("broker-a", b -> b.transactions(tx));
    }

    private Producer producer(String group, io.tern.client.TransactionChecker checker) {
        Producer p = Producer.builder().nameServers(cluster.nameServers()).group(group).transactionChecker(checker).build();
        toClose.add(p);
        return p;
    }

    private LeaseConsumer consumer(String group, String topic) {
        LeaseConsumer c = LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .invisibility(Duration.ofSeconds(30)).build();
        toClose.add(c);
        return c;
    }

    private static OutgoingMessage msg(String topic, String body) {
        return OutgoingMessage.to(topic).key(body).body(body).build();
    }

    /** Receives until {@code n} messages came (acking them); fails if more come with the next marker. */
    private static List<LeasedMessage> receiveAll(LeaseConsumer c, int n) {
        List<LeasedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (LeasedMessage m : c.receive(n - got.size(), Duration.ofMillis(200))) {
                got.add(m);
                c.ack(m);
            }
            return got.size() >= n;
        });
        return got;
    }

    private static List<MessageId> ids(List<LeasedMessage> ms) {
        return ms.stream().map(m -> m.message().id()).toList();
    }

    private static String body(LeasedMessage m) {
        return new String(m.message().body(), StandardCharsets.UTF_8);
    }

    @Test
    void commitMakesEveryMessageVisibleWithItsIdAndRepeatsChangeNothing() {
        start(t -> t);
        Producer p = producer("txp", null);
        p.send(msg("TxA", "before")); // makes the topic routable for the consumer
        LeaseConsumer c = consumer("g", "TxA");
        assertThat(body(receiveAll(c, 1).get(0))).isEqualTo("before");

        Transaction tx = p.beginTransaction();
        List<MessageId> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(tx.send(msg("TxA", "t" + i)).id());
        }
        assertThat(c.receive(10, Duration.ZERO)).as("half messages are invisible").isEmpty();
        tx.commit();
        assertThat(ids(receiveAll(c, 3))).containsExactlyInAnyOrderElementsOf(sent);

        tx.commit(); // repeated: OK, nothing appended again
        assertThatThrownBy(tx::rollback).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_CONFLICT));
        p.send(msg("TxA", "marker"));
        assertThat(body(receiveAll(c, 1).get(0))).isEqualTo("marker");
        assertThatThrownBy(() -> tx.send(msg("TxA", "late"))).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_CONFLICT));
    }

    @Test
    void openTransactionsAreCappedPerConnectionNamingTheSetting() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.maxTransactionsPerConnection(3));
        Producer p = producer("txp", null);
        p.send(msg("TxCap", "before"));
        List<Transaction> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Transaction tx = p.beginTransaction();
            tx.send(msg("TxCap", "t" + i));
            open.add(tx);
        }
        Transaction fourth = p.beginTransaction();
        assertThatThrownBy(() -> fourth.send(msg("TxCap", "t3"))).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_LIMIT))
                .hasMessageContaining("3 open transactions").hasMessageContaining("maxTransactionsPerConnection");
        open.get(0).send(msg("TxCap", "more")); // the open ones go on
        open.get(0).commit(); // an ended one frees its place
        Transaction fifth = p.beginTransaction();
        fifth.send(msg("TxCap", "t4"));
        fifth.rollback();
        open.get(1).rollback();
        open.get(2).commit();
    }

    @Test
    void concurrentCommitsApplyOnceAndAllAnswerOk() {
        Broker broker = start(t -> t);
        Producer p = producer("txp", null);
        p.send(msg("TxH", "before"));
        LeaseConsumer c = consumer("g", "TxH");
        receiveAll(c, 1);
        Transaction tx = p.beginTransaction();
        for (int i = 0; i < 5; i++) {
            tx.send(msg("TxH", "t" + i));
        }
        try (RemotingClient raw = new RemotingClient("raw", 1 << 20, Duration.ofSeconds(3), 8, 8)) {
            byte[] commit = new EndTransaction(tx.id(), "txp", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode();
            List<java.util.concurrent.CompletableFuture<Frame>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(raw.invokeAsync(broker.address(), CommandCode.END_TRANSACTION, commit, null, Duration.ofSeconds(3)));
            }
            List<EndTransaction.Result> results = answers.stream().map(java.util.concurrent.CompletableFuture::join)
                    .peek(f -> assertThat(f.code()).isEqualTo(ResponseCode.OK)).map(f -> EndTransaction.Result.decode(f.header())).toList();
            assertThat(results).allMatch(r -> r.state() == EndTransaction.STATE_COMMITTED);
            assertThat(results).filteredOn(r -> !r.repeated()).hasSize(1);
        }
        assertThat(receiveAll(c, 5)).hasSize(5);
        p.send(msg("TxH", "marker"));
        assertThat(body(receiveAll(c, 1).get(0))).isEqualTo("marker");
    }

    @Test
    void rollbackDiscardsEverythingAndALateCommitIsRefused() {
        Broker broker = start(t -> t);
        Producer p = producer("txp", null);
        p.send(msg("TxB", "before"));
        LeaseConsumer c = consumer("g", "TxB");
        receiveAll(c, 1);

        Transaction tx = p.beginTransaction();
        tx.send(msg("TxB", "x1"));
        tx.send(msg("TxB", "x2"));
        tx.rollback();
        tx.rollback(); // repeated
        try (RemotingClient raw = new RemotingClient("raw", 1 << 20, Duration.ofSeconds(3), 8, 8)) {
            Frame f = raw.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction(tx.id(), "txp", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, Duration.ofSeconds(3));
            assertThat(f.code()).isEqualTo(ResponseCode.TX_CONFLICT);
            Frame reserved = raw.invokeSync(broker.address(), CommandCode.SEND, new io.tern.protocol.SendRequest("txp", Transactions.HALF_TOPIC, 0).encode(),
                    io.tern.protocol.MessageCodec.encode(new io.tern.message.Message(new MessageId(1, 2), Transactions.HALF_TOPIC, 0, 0, 0, null,
                            null, null, new byte[0])), Duration.ofSeconds(3));
            assertThat(reserved.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            Frame unknown = raw.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction("no-such-tx", "txp", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, Duration.ofSeconds(3));
            assertThat(unknown.code()).isEqualTo(ResponseCode.TX_UNKNOWN);
        }
        p.send(msg("TxB", "marker"));
        assertThat(body(receiveAll(c, 1).get(0))).isEqualTo("marker");
    }

    @Test
    void aCommitOrPrepareCountingOtherRecordsThanTheBrokerHoldsRollsBackInsteadOfCommittingPart() {
        Broker broker = start(t -> t);
        Producer p = producer("txp", null);
        p.send(msg("TxJ", "before"));
        LeaseConsumer c = consumer("g", "TxJ");
        receiveAll(c, 1);

        Transaction tx = p.beginTransaction(); // as if the broker had lost a third message in a crash
        tx.send(msg("TxJ", "x1"));
        tx.send(msg("TxJ", "x2"));
        Xid xid = new Xid(3, new byte[] {7}, new byte[] {1});
        Transaction branch = p.beginTransaction(xid);
        branch.send(msg("TxJ", "b1"));
        try (RemotingClient raw = new RemotingClient("raw", 1 << 20, Duration.ofSeconds(3), 8, 8)) {
            Frame f = raw.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction(tx.id(), "txp", EndTransaction.COMMIT, false, 3).encode(), null, Duration.ofSeconds(3));
            assertThat(f.code()).isEqualTo(ResponseCode.TX_CONFLICT);
            assertThat(io.tern.protocol.ErrorHeader.decode(f.header()).message()).contains("holds 2 of the 3 records", "rolled back");
            Frame x = raw.invokeSync(broker.address(), CommandCode.XA_PREPARE, new io.tern.protocol.XaRequest(xid, false, 2).encode(), null,
                    Duration.ofSeconds(3));
            assertThat(x.code()).isEqualTo(ResponseCode.TX_CONFLICT);
            assertThat(io.tern.protocol.ErrorHeader.decode(x.header()).message()).contains("XA prepare", "holds 1 of the 2 records");
        }
        assertThatThrownBy(tx::commit).isInstanceOf(TernClientException.class).hasMessageContaining("ROLLED_BACK");
        assertThatThrownBy(branch::prepare).isInstanceOf(TernClientException.class).hasMessageContaining("ROLLED_BACK");

        Transaction whole = p.beginTransaction(); // the client's own count matches: it commits
        whole.send(msg("TxJ", "w1"));
        whole.send(msg("TxJ", "w2"));
        whole.commit();
        assertThat(receiveAll(c, 2)).extracting(TransactionIT::body).containsExactlyInAnyOrder("w1", "w2");
        p.send(msg("TxJ", "marker"));
        assertThat(body(receiveAll(c, 1).get(0))).as("nothing of the rolled-back ones").isEqualTo("marker");
    }

    @Test
    void anAbandonedTransactionIsCheckedBackWithALiveMemberOfItsGroup() {
        start(t -> t.withCheckTimeout(Duration.ofMillis(200)).withCheckInterval(Duration.ofMillis(100)));
        Set<String> asked = ConcurrentHashMap.newKeySet();
        Producer p = producer("checked", txId -> {
            asked.add(txId);
            return TransactionResolution.COMMIT;
        });
        p.send(msg("TxC", "before"));
        LeaseConsumer c = consumer("g", "TxC");
        receiveAll(c, 1);

        Transaction tx = p.beginTransaction();
        MessageId id = tx.send(msg("TxC", "abandoned")).id(); // never ended by the application
        List<LeasedMessage> got = receiveAll(c, 1);
        assertThat(got.get(0).message().id()).isEqualTo(id);
        assertThat(asked).contains(tx.id());
    }

    @Test
    void withNoLiveProducerTheHalfMessagesAreParkedAfterTheLastCheck() {
        Broker broker = start(t -> t.withCheckTimeout(Duration.ofMillis(100)).withCheckInterval(Duration.ofMillis(50)).withMaxChecks(2));
        Producer p = producer("gone", null);
        Transaction tx = p.beginTransaction();
        MessageId id = tx.send(msg("TxD", "orphan")).id();
        p.close(); // the group has no live member now
        LeaseConsumer parked = consumer("inspect", Transactions.UNRESOLVED_TOPIC);
        LeasedMessage m = receiveAll(parked, 1).get(0);
        assertThat(m.message().id()).isEqualTo(id);
        assertThat(m.message().properties().get(Transactions.PROP_REAL_TOPIC)).isEqualTo("TxD");
        assertThat(m.message().properties().get(Transactions.PROP_TX_ID)).isEqualTo(tx.id());
        try (RemotingClient raw = new RemotingClient("raw", 1 << 20, Duration.ofSeconds(3), 8, 8)) {
            Frame f = raw.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction(tx.id(), "gone", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, Duration.ofSeconds(3));
            assertThat(f.code()).isEqualTo(ResponseCode.TX_CONFLICT);
        }
    }

    @Test
    void aPreparedBranchSurvivesARestartIsListedAndCommitsAndIsNeverCheckedBack() {
        UnaryOperator<TransactionSettings> fastChecks = t -> t.withCheckTimeout(Duration.ofMillis(100))
                .withCheckInterval(Duration.ofMillis(50)).withMaxChecks(1);
        start(fastChecks);
        Set<String> asked = ConcurrentHashMap.newKeySet();
        Producer p = producer("xa", txId -> {
            asked.add(txId);
            return TransactionResolution.UNKNOWN;
        });
        Xid xid = new Xid(0x1234, "global-1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2});
        Transaction branch = p.beginTransaction(xid);
        List<MessageId> sent = List.of(branch.send(msg("TxE", "x1")).id(), branch.send(msg("TxE", "x2")).id());
        branch.prepare();
        branch.prepare(); // repeated prepare: fine

        Transaction control = p.beginTransaction(); // open, same group: checked and parked while the branch waits
        control.send(msg("TxE", "control"));
        LeaseConsumer parked = consumer("inspect", Transactions.UNRESOLVED_TOPIC);
        assertThat(body(receiveAll(parked, 1).get(0))).isEqualTo("control");
        assertThat(asked).contains(control.id()).doesNotContain(branch.id());

        cluster.brokers.get(0).close();
        start(fastChecks);
        Producer after = producer("xa-recovery", null);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> after.recover().contains(xid));
        assertThatThrownBy(() -> after.rollbackPrepared(new Xid(1, new byte[] {9}, new byte[0]))).isInstanceOf(TernClientException.class);
        after.commitPrepared(xid);
        after.commitPrepared(xid); // repeated: OK
        assertThat(after.recover()).doesNotContain(xid);
        LeaseConsumer c = consumer("g", "TxE");
        assertThat(ids(receiveAll(c, 2))).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void rollingBackAPreparedBranchDiscardsItAndOnePhaseCommitNeedsNoPrepare() {
        start(t -> t);
        Producer p = producer("xa", null);
        p.send(msg("TxF", "before"));
        LeaseConsumer c = consumer("g", "TxF");
        receiveAll(c, 1);

        Transaction rolled = p.beginTransaction(new Xid(7, new byte[] {1}, new byte[] {1}));
        rolled.send(msg("TxF", "rolled"));
        rolled.prepare();
        assertThatThrownBy(() -> rolled.commit(true)).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_CONFLICT));
        rolled.rollback();
        assertThat(p.recover()).isEmpty();

        Transaction onePhase = p.beginTransaction(new Xid(7, new byte[] {2}, new byte[] {1}));
        onePhase.send(msg("TxF", "one-phase"));
        assertThatThrownBy(() -> onePhase.commit(false)).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_CONFLICT));
        onePhase.commit(true);
        assertThat(body(receiveAll(c, 1).get(0))).isEqualTo("one-phase");
    }

    @Test
    void leaseAcksHeldInATransactionApplyOnlyOnCommit() {
        start(t -> t);
        Producer p = producer("txp", null);
        p.send(msg("TxG", "a"));
        p.send(msg("TxG", "b"));
        LeaseConsumer c = consumer("g", "TxG");
        List<LeasedMessage> first = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            first.addAll(c.receive(2 - first.size(), Duration.ofMillis(200)));
            return first.size() == 2;
        });
        Transaction rolled = p.beginTransaction();
        first.forEach(m -> c.ack(m, rolled));
        rolled.rollback(); // the leases are given back: both come again

        List<LeasedMessage> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            again.addAll(c.receive(2 - again.size(), Duration.ofMillis(200)));
            return again.size() == 2;
        });
        assertThat(again).allMatch(LeasedMessage::redelivered);
        Producer acksOnly = producer("acks-only", null); // has sent nothing: the transaction is pinned by the acks
        Transaction committed = acksOnly.beginTransaction();
        again.forEach(m -> c.ack(m, committed));
        committed.commit();
        p.send(msg("TxG", "marker"));
        assertThat(body(receiveAll(c, 1).get(0))).as("acked offsets come before the marker if not acked").isEqualTo("marker");
    }

    @Test
    void aPreparedBranchKeepsItsAckedMessagesFromOtherReceiversPastTheHoldAndARestart() {
        UnaryOperator<TransactionSettings> shortHold = t -> t.withAckHold(Duration.ofMillis(200));
        start(shortHold);
        Producer p = producer("xa", null);
        p.send(msg("TxH", "held"));
        LeaseConsumer c = consumer("g", "TxH");
        LeasedMessage m = c.receive(1, Duration.ofSeconds(5)).get(0);
        Xid xid = new Xid(9, new byte[] {4}, new byte[] {2});
        Transaction branch = p.beginTransaction(xid);
        c.ack(m, branch);
        branch.prepare();
        assertThat(c.receive(1, Duration.ofSeconds(1))).as("pinned past the 200 ms hold").isEmpty();

        cluster.brokers.get(0).close();
        start(shortHold);
        LeaseConsumer after = consumer("g", "TxH");
        assertThat(after.receive(1, Duration.ofSeconds(1))).as("pinned again after the restart").isEmpty();
        Producer tm = producer("xa-recovery", null);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> tm.recover().contains(xid));
        tm.commitPrepared(xid);
        tm.send(msg("TxH", "marker"));
        assertThat(body(receiveAll(after, 1).get(0))).as("the commit acked the held message").isEqualTo("marker");
    }

    @Test
    void aBranchWhoseAckedMessageWentToAnotherReceiverCannotPrepare() {
        start(t -> t.withAckHold(Duration.ofMillis(100)));
        Producer p = producer("xa", null);
        p.send(msg("TxI", "lost"));
        LeaseConsumer c = consumer("g", "TxI");
        LeasedMessage m = c.receive(1, Duration.ofSeconds(5)).get(0);
        Transaction branch = p.beginTransaction(new Xid(9, new byte[] {5}, new byte[] {2}));
        branch.send(msg("TxI-out", "out")); // not hold-only: the checker would otherwise roll it back when the hold ends
        c.ack(m, branch);
        LeasedMessage again = c.receive(1, Duration.ofSeconds(5)).get(0); // after the 100 ms hold ran out
        assertThat(again.message().id()).isEqualTo(m.message().id());
        assertThatThrownBy(branch::prepare).isInstanceOf(TernClientException.class)
                .satisfies(e -> assertThat(((TernClientException) e).code()).isEqualTo(ResponseCode.TX_CONFLICT))
                .hasMessageContaining("TxI/" + m.received().message().queueId()).hasMessageContaining("ran out");
        branch.rollback();
        c.ack(again); // the other receiver's lease was never touched
    }

    /**
     * A commit whose re-appends the store refuses (its writer queue holds one append: the commit's 40 appends at once
     * are mostly BUSY) is retried until applied, not left until the next start (issue 11, item 7): the commit is
     * answered once every message is in its topic, each exactly once.
     */
    @Test
    void aCommitTheStoreRefusesAtFirstIsRetriedUntilEveryMessageIsThereOnce() {
        cluster = new Cluster(dir);
        cluster.startBroker("broker-a", b -> b.store(s -> s.writeQueueCapacity(1)));
        Producer p = producer("txp", null);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> p.send(msg("TxBusy", "before")) != null);
        LeaseConsumer c = consumer("g", "TxBusy");
        assertThat(body(receiveAll(c, 1).get(0))).isEqualTo("before");

        Transaction tx = p.beginTransaction();
        List<MessageId> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sent.add(tx.send(msg("TxBusy", "t" + i)).id());
        }
        tx.commit();
        List<LeasedMessage> got = receiveAll(c, 40);
        assertThat(ids(got)).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(c.receive(10, Duration.ofMillis(300))).as("nothing twice").isEmpty();
    }
}
