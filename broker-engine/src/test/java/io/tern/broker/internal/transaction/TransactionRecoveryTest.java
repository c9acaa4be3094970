package io.tern.broker.internal.transaction;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.broker.internal.transaction.Transaction.State;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.protocol.CommandCode;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.Frame;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.SendRequest;
import io.tern.protocol.Transactions;
import io.tern.remoting.RemotingClient;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit whose decision reached the journal but whose application was cut short (here: one of three messages
 * re-appended) is finished when the broker starts again, without appending the one already there a second time.
 */
class TransactionRecoveryTest {
    private static final Duration T = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void aCommitInterruptedMidwayIsFinishedOnceAtStart() throws Exception {
        BrokerConfig config = BrokerConfig.builder(dir).port(0)
                .store(s -> s.segmentSize(16 << 20).indexSlots(4096).indexEntries(65536).consumeQueueFileEntries(100_000)).build();
        List<MessageId> sent = new ArrayList<>();
        try (Broker broker = Broker.start(config);
             RemotingClient client = new RemotingClient("test", 1 << 20, T, 8, 8)) {
            for (int i = 0; i < 3; i++) {
                Message half = new Message(new MessageId(7, i), "R", 0, 1, Transactions.FLAG_HALF, null, List.of(),
                        Properties.builder().put(Transactions.PROP_TX_ID, "tx-r").build(), new byte[] {(byte) i});
                Frame f = client.invokeSync(broker.address(), CommandCode.SEND, new SendRequest("pg", "R", 0).encode(), MessageCodec.encode(half), T);
                assertThat(f.code()).isEqualTo(ResponseCode.OK);
                sent.add(half.id());
            }
        }
        try (MessageStore store = MessageStore.open(config.store())) { // the commit applied one message, then the broker died
            StoredMessage first = store.readRange(Transactions.HALF_TOPIC, 0, 0, 10).get(0);
            assertThat(store.append(TransactionService.toCommitted(first.message())).join().isOk()).isTrue();
        }
        TransactionTable table = TransactionTable.open(dir.resolve("txn"), InstantSource.system(), Duration.ofSeconds(5), Duration.ofMinutes(10), true);
        assertThat(table.transition("tx-r", State.COMMITTED, EnumSet.of(State.OPEN), null, "commit", TxCaller.ANYONE).ok()).isTrue();
        table.journal().doWork(); // the decision is forced; no close

        try (Broker broker = Broker.start(config);
             RemotingClient client = new RemotingClient("test", 1 << 20, T, 8, 8)) {
            Frame again = client.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction("tx-r", "pg", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, T);
            assertThat(again.code()).isEqualTo(ResponseCode.OK); // answered once the recovery's application is done
            assertThat(EndTransaction.Result.decode(again.header()).repeated()).isTrue();
            MessageStore store = broker.store();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.dispatchedPosition() >= store.writtenPosition());
            List<StoredMessage> real = store.readRange("R", 0, 0, 10);
            assertThat(real).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(sent);
            assertThat(real).allMatch(m -> m.message().flags() == 0 && m.message().properties().get(Transactions.PROP_TX_ID) == null);
        }
        try (Broker broker = Broker.start(config); // applied before this restart: a late commit is still answered as a repeat
             RemotingClient client = new RemotingClient("test", 1 << 20, T, 8, 8)) {
            Frame late = client.invokeSync(broker.address(), CommandCode.END_TRANSACTION,
                    new EndTransaction("tx-r", "pg", EndTransaction.COMMIT, false, EndTransaction.UNCOUNTED).encode(), null, T);
            assertThat(late.code()).isEqualTo(ResponseCode.OK);
            assertThat(broker.store().readRange("R", 0, 0, 10)).hasSize(3);
        }
    }
}
