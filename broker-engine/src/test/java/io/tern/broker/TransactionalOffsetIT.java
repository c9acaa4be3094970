package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.TernClientException;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TxOffsetRequest;
import io.tern.protocol.Xid;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Offset commits held in transactions, end to end over loopback: consume-transform-produce with a transactional
 * {@link PullConsumer} and a {@link Producer} transaction, on one broker.
 */
class TransactionalOffsetIT {
    private static final Duration T = Duration.ofSeconds(3);

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

    private <C extends AutoCloseable> C closing(C c) {
        toClose.add(c);
        return c;
    }

    private Producer producer(String group) {
        return closing(Producer.builder().nameServers(cluster.nameServers()).group(group).build());
    }

    private PullConsumer transactional(String group, String topic) {
        return closing(PullConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .from(PullConsumer.From.FIRST).transactional(true).build());
    }

    private LeaseConsumer leases(String group, String topic) {
        return closing(LeaseConsumer.builder().nameServers(cluster.nameServers()).group(group).topic(topic)
                .invisibility(Duration.ofSeconds(30)).build());
    }

    /** Sends {@code n} inputs and one message to the output topic (so both exist), and waits until they are in their queues. */
    private List<MessageId> inputs(Producer p, String in, String out, int n) {
        List<MessageId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(p.send(OutgoingMessage.to(in).body("in-" + i).build()).id());
        }
        p.send(OutgoingMessage.to(out).body("before").build());
        cluster.awaitDispatched();
        return ids;
    }

    private static List<ReceivedMessage> pollAll(PullConsumer c, int n) {
        List<ReceivedMessage> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            got.addAll(c.poll(Duration.ofMillis(100), n - got.size()));
            return got.size() >= n;
        });
        assertThat(got).hasSize(n);
        return got;
    }

    /** Transforms each input into an output sent in {@code tx}. */
    private static void transform(Transaction tx, List<ReceivedMessage> in, String out) {
        for (ReceivedMessage m : in) {
            tx.send(OutgoingMessage.to(out).key(m.message().id().toString()).body("out-" + body(m)).build());
        }
    }

    private static String body(ReceivedMessage m) {
        return new String(m.message().body(), StandardCharsets.UTF_8);
    }

    /** Bodies received in lease mode until {@code n} came; each acked. */
    private static List<String> receiveAll(LeaseConsumer c, int n) {
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (LeasedMessage m : c.receive(n - got.size(), Duration.ofMillis(200))) {
                got.add(new String(m.message().body(), StandardCharsets.UTF_8));
                c.ack(m);
            }
            return got.size() >= n;
        });
        return got;
    }

    /** queueId -> the group's committed offset (-1: none) and, for comparison, the queue's next offset. */
    private Map<Integer, long[]> offsets(String group, String topic) {
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            Map<Integer, long[]> out = new HashMap<>();
            admin.groupLag(group, topic).forEach(l -> out.put(l.queue().queueId(), new long[] {l.committedOffset(), l.maxOffset()}));
            return out;
        }
    }

    private void assertCommittedToTheEnd(String group, String topic) {
        assertThat(offsets(group, topic).values()).allSatisfy(o -> assertThat(o[0]).isEqualTo(o[1]));
    }

    /** Only the start a transactional member commits when it takes a queue the group has no offset for: 0 here (From.FIRST). */
    private void assertNothingCommitted(String group, String topic) {
        assertThat(offsets(group, topic).values()).allSatisfy(o -> assertThat(o[0]).isZero());
    }

    @Test
    void aCommitMakesTheOutputVisibleAndTheOffsetsCommittedTogetherAndARepeatChangesNothing() {
        start(t -> t);
        Producer p = producer("ctp");
        inputs(p, "CtpIn", "CtpOut", 8);
        LeaseConsumer out = leases("reader", "CtpOut");
        assertThat(receiveAll(out, 1)).containsExactly("before");
        PullConsumer in = transactional("ctp", "CtpIn");

        List<ReceivedMessage> polled = pollAll(in, 8);
        Transaction tx = p.beginTransaction();
        transform(tx, polled, "CtpOut");
        in.commit(tx);
        assertThat(out.receive(10, Duration.ZERO)).as("nothing visible before the commit").isEmpty();
        assertNothingCommitted("ctp", "CtpIn");
        tx.commit();

        assertCommittedToTheEnd("ctp", "CtpIn");
        assertThat(receiveAll(out, 8)).containsExactlyInAnyOrderElementsOf(polled.stream().map(m -> "out-" + body(m)).toList());
        tx.commit(); // repeated: OK, nothing applied twice
        assertCommittedToTheEnd("ctp", "CtpIn");
        p.send(OutgoingMessage.to("CtpOut").body("marker").build());
        assertThat(receiveAll(out, 1)).containsExactly("marker");
        assertThatThrownBy(in::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("is transactional");
    }

    @Test
    void aSuccessorStartingFromTheEndDoesNotSkipWhatARolledBackMemberRead() {
        start(t -> t);
        Producer p = producer("ctp");
        inputs(p, "LastIn", "LastOut", 5); // before the group existed: From.LAST skips these
        PullConsumer first = closing(PullConsumer.builder().nameServers(cluster.nameServers()).group("late").topic("LastIn")
                .from(PullConsumer.From.LAST).transactional(true).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> first.assignment().size() == 4);
        List<MessageId> after = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            after.add(p.send(OutgoingMessage.to("LastIn").body("after-" + i).build()).id());
        }
        Transaction tx = p.beginTransaction();
        transform(tx, pollAll(first, 3), "LastOut");
        first.commit(tx);
        first.close(); // gives its queues up with the transaction still open
        tx.rollback();

        PullConsumer successor = closing(PullConsumer.builder().nameServers(cluster.nameServers()).group("late").topic("LastIn")
                .from(PullConsumer.From.LAST).transactional(true).build());
        assertThat(pollAll(successor, 3)).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    void aRollbackLeavesOutputAndOffsetsUndoneAndTheMessagesComeAgainFromTheOldOffset() {
        start(t -> t);
        Producer p = producer("ctp");
        List<MessageId> sent = inputs(p, "RbIn", "RbOut", 6);
        LeaseConsumer out = leases("reader", "RbOut");
        receiveAll(out, 1);
        PullConsumer in = transactional("ctp", "RbIn");

        Transaction rolled = p.beginTransaction();
        transform(rolled, pollAll(in, 6), "RbOut");
        in.commit(rolled);
        rolled.rollback(); // rewinds the consumer too
        assertNothingCommitted("ctp", "RbIn");

        List<ReceivedMessage> again = pollAll(in, 6);
        assertThat(again).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(sent);
        Transaction sessionRollback = p.beginTransaction(); // as a JMS session: rolled back before the offsets were held
        transform(sessionRollback, again, "RbOut");
        sessionRollback.rollback();
        in.rollback();

        List<ReceivedMessage> third = pollAll(in, 6);
        assertThat(third).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(sent);
        Transaction committed = p.beginTransaction();
        transform(committed, third, "RbOut");
        in.commit(committed);
        committed.commit();
        assertCommittedToTheEnd("ctp", "RbIn");
        assertThat(receiveAll(out, 6)).hasSize(6).doesNotHaveDuplicates();
        p.send(OutgoingMessage.to("RbOut").body("marker").build());
        assertThat(receiveAll(out, 1)).as("no output of the rolled-back transactions").containsExactly("marker");
    }

    @Test
    void aPreparedBranchKeepsItsOffsetsAcrossARestartAndItsCommitAppliesThem() {
        start(t -> t);
        Producer p = producer("ctp-xa");
        inputs(p, "XaIn", "XaOut", 5);
        PullConsumer in = transactional("ctp-xa", "XaIn");
        Xid xid = new Xid(77, "ctp-global".getBytes(StandardCharsets.UTF_8), new byte[] {1});
        Transaction branch = p.beginTransaction(xid);
        transform(branch, pollAll(in, 5), "XaOut");
        in.commit(branch);
        branch.prepare();
        in.close(); // a transactional consumer commits nothing on close

        cluster.brokers.get(0).close();
        start(t -> t);
        assertNothingCommitted("ctp-xa", "XaIn");
        Producer after = producer("ctp-xa-recovery");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> after.recover().contains(xid));
        after.commitPrepared(xid);
        assertCommittedToTheEnd("ctp-xa", "XaIn");
        LeaseConsumer out = leases("reader", "XaOut");
        assertThat(receiveAll(out, 6)).containsOnlyOnce("before").hasSize(6);
    }

    @Test
    void aTransactionHoldingOnlyOffsetsIsRolledBackWhenItsClientVanishes() {
        Broker broker = start(t -> t.withAckHold(Duration.ofMillis(300)));
        Producer p = producer("ctp");
        List<MessageId> sent = inputs(p, "GoneIn", "GoneOut", 4);
        Producer dying = producer("dying");
        PullConsumer in = transactional("ctp", "GoneIn");
        Transaction tx = dying.beginTransaction();
        pollAll(in, 4);
        in.commit(tx); // held, and then the client is gone: neither commit nor rollback comes
        in.close();
        dying.close();

        try (RemotingClient raw = new RemotingClient("raw", 1 << 20, T, 8, 8)) {
            // a hold with a bad offset changes nothing: refused as invalid while open, as a conflict once rolled back
            byte[] probe = new TxOffsetRequest(tx.id(), "ctp", "GoneIn", 0, -1).encode();
            await().atMost(Duration.ofSeconds(10)).until(() -> raw.invokeSync(broker.address(), CommandCode.TX_COMMIT_OFFSET, probe, null, T).code()
                    == ResponseCode.TX_CONFLICT);
            Frame late = raw.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction(tx.id(), "dying", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, T);
            assertThat(late.code()).isEqualTo(ResponseCode.TX_CONFLICT);
            assertThat(ErrorHeader.decode(late.header()).message()).contains("ROLLED_BACK");
        }
        assertNothingCommitted("ctp", "GoneIn");
        PullConsumer successor = transactional("ctp", "GoneIn");
        assertThat(pollAll(successor, 4)).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void badHoldsAreRefusedNamingTheValueAndTheRange() {
        Broker broker = start(t -> t);
        Producer p = producer("ctp");
        inputs(p, "BadIn", "BadOut", 3); // 4 queues, 3 messages: at most offset 1 in any queue
        Xid xid = new Xid(5, new byte[] {5}, new byte[0]);
        try (RemotingClient raw = new RemotingClient("raw", 1 << 20, T, 8, 8)) {
            assertRefused(raw, broker, new TxOffsetRequest("t1", "g", "NoSuchTopic", 0, 0), ResponseCode.INVALID_REQUEST,
                    "topic NoSuchTopic is not served by this broker");
            assertRefused(raw, broker, new TxOffsetRequest("t1", "g", "BadIn", 4, 0), ResponseCode.INVALID_REQUEST,
                    "queue 4 of topic BadIn does not exist (queues 0-3)");
            long next = offsets("nobody", "BadIn").get(0)[1];
            assertRefused(raw, broker, new TxOffsetRequest("t1", "g", "BadIn", 0, next + 1), ResponseCode.INVALID_REQUEST,
                    "offset " + (next + 1) + " of BadIn/0 is outside 0-" + next);
            assertRefused(raw, broker, new TxOffsetRequest("t1", "g", "BadIn", 0, -5), ResponseCode.INVALID_REQUEST, "offset -5");

            ok(raw.invokeSync(broker.address(), CommandCode.TX_COMMIT_OFFSET, new TxOffsetRequest("t1", "g", "BadIn", 0, next).encode(), null, T));
            ok(raw.invokeSync(broker.address(), CommandCode.END_TRANSACTION, new EndTransaction("t1", "g", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, T));
            assertRefused(raw, broker, new TxOffsetRequest("t1", "g", "BadIn", 0, next), ResponseCode.TX_CONFLICT, "t1 is COMMITTED");

            ok(raw.invokeSync(broker.address(), CommandCode.TX_COMMIT_OFFSET, new TxOffsetRequest(xid.toTxId(), "g", "BadIn", 1, 0).encode(), null, T));
            ok(raw.invokeSync(broker.address(), CommandCode.XA_PREPARE, new io.tern.protocol.XaRequest(xid, false).encode(), null, T));
            assertRefused(raw, broker, new TxOffsetRequest(xid.toTxId(), "g", "BadIn", 1, 0), ResponseCode.TX_CONFLICT, "is PREPARED");
            ok(raw.invokeSync(broker.address(), CommandCode.XA_ROLLBACK, new io.tern.protocol.XaRequest(xid, false).encode(), null, T));
        }
        assertThat(offsets("g", "BadIn").get(0)[0]).as("held by t1, committed").isEqualTo(offsets("g", "BadIn").get(0)[1]);
        assertThat(offsets("g", "BadIn").get(1)[0]).as("held by the rolled-back branch").isEqualTo(-1);

        PullConsumer plain = closing(PullConsumer.builder().nameServers(cluster.nameServers()).group("plain").topic("BadIn").build());
        assertThatThrownBy(() -> plain.commit(p.beginTransaction())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not transactional");
    }

    @Test
    void aQueueOfAnotherBrokerIsRefusedBeforeAnythingIsHeld() {
        start(t -> t);
        cluster.startBroker("broker-b", x -> x);
        Producer p = producer("ctp");
        int[] sent = {0};
        try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
            admin.createTopic("SplitIn", 1); // one queue on each broker
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.describeTopic("SplitIn").size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> { // round robin: until both queues hold messages
                p.send(OutgoingMessage.to("SplitIn").body("s" + sent[0]++).build());
                cluster.awaitDispatched();
                return admin.describeTopic("SplitIn").stream().allMatch(q -> q.maxOffset() > 0);
            });
        }
        p.send(OutgoingMessage.to("SplitOut").body("before").build()); // auto-created on one broker
        PullConsumer in = transactional("ctp", "SplitIn");
        pollAll(in, sent[0]);
        Transaction tx = p.beginTransaction();
        tx.send(OutgoingMessage.to("SplitOut").body("x").build());
        String other = tx.brokerName().equals("broker-a") ? "broker-b" : "broker-a";
        assertThatThrownBy(() -> in.commit(tx)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the queue is on broker " + other)
                .hasMessageContaining("the transaction lives on broker " + tx.brokerName())
                .hasMessageContaining("a transaction lives on one broker");
        tx.rollback();
        assertNothingCommitted("ctp", "SplitIn");
    }

    private static void assertRefused(RemotingClient raw, Broker broker, TxOffsetRequest r, short code, String reason) {
        Frame f = raw.invokeSync(broker.address(), CommandCode.TX_COMMIT_OFFSET, r.encode(), null, T);
        assertThat(f.code()).as("answer to %s", r).isEqualTo(code);
        assertThat(ErrorHeader.decode(f.header()).message()).contains(reason);
    }

    private static void ok(Frame f) {
        assertThat(f.code()).as(() -> ErrorHeader.decode(f.header()).message()).isEqualTo(ResponseCode.OK);
    }
}
