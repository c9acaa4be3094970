package io.tern.broker.internal.transaction;

import io.netty.channel.embedded.EmbeddedChannel;
import io.tern.broker.internal.transaction.Transaction.State;
import io.tern.broker.internal.group.GroupMembers;
import io.tern.protocol.CheckTransaction;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.Transactions;
import io.tern.protocol.Xid;
import io.tern.store.AppendResult;
import io.tern.store.MessageStore;
import io.tern.store.StoreFixture;
import io.tern.store.StoredMessage;
import io.tern.store.TestClock;
import io.tern.store.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TransactionChecker} driven by hand with a test clock: who is asked, when, and what gets parked. */
class TransactionCheckerTest {
    private static final long TIMEOUT = 6_000;
    private static final long INTERVAL = 60_000;
    private static final int MAX_CHECKS = 2;
    private static final long HOLD = 300_000;

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_700_000_000_000L);
    MessageStore store;
    TransactionTable table;
    GroupMembers producers;
    TransactionChecker checker;
    final List<String> expired = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = MessageStore.open(StoreFixture.small(dir.resolve("store"), clock).build());
        table = TransactionTable.open(dir.resolve("txn"), clock, Duration.ofSeconds(5), Duration.ofMinutes(10), true);
        producers = new GroupMembers(clock, false);
        checker = new TransactionChecker(table, store, producers, () -> "127.0.0.1:10911", clock, TIMEOUT, INTERVAL, MAX_CHECKS,
                HOLD, txId -> {
                    expired.add(txId);
                    table.transition(txId, State.ROLLED_BACK, EnumSet.of(State.OPEN), null, "expiry", TxCaller.ANYONE);
                });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void half(String txId, long seq) throws Exception {
        AppendResult r = StoreFixture.appendNow(store, TransactionService.toHalf(TestMessages.message(seq, "T", 1), "pg"));
        table.addHalf(txId, "pg", r.commitLogOffset(), r.storeTimestamp(), TxCaller.ANYONE);
    }

    private static CheckTransaction check(EmbeddedChannel ch) {
        Frame f = ch.readOutbound();
        assertThat(f).isNotNull();
        assertThat(f.code()).isEqualTo(CommandCode.CHECK_TRANSACTION);
        assertThat(f.isOneway()).isTrue();
        return CheckTransaction.decode(f.header());
    }

    @Test
    void aLiveMemberIsAskedAfterTheTimeoutAndAgainEveryInterval() throws Exception {
        EmbeddedChannel member = new EmbeddedChannel();
        producers.heartbeat("p1", List.of("pg"), member);
        half("t1", 1);
        assertThat(checker.doWork()).isZero();
        clock.advance(Duration.ofMillis(TIMEOUT));
        assertThat(checker.doWork()).isEqualTo(1);
        assertThat(check(member)).isEqualTo(new CheckTransaction("127.0.0.1:10911", "t1", "pg", 1));
        assertThat(checker.doWork()).isZero();
        assertThat((Object) member.readOutbound()).isNull();
        clock.advance(Duration.ofMillis(INTERVAL));
        producers.heartbeat("p1", List.of("pg"), member); // still alive: members beat every 10 s
        checker.doWork();
        assertThat(check(member).checkCount()).isEqualTo(2);
        member.finishAndReleaseAll();
    }

    @Test
    void withNobodyToAskTheHalvesAreParkedAfterTheLastCheck() throws Exception {
        half("t2", 2);
        half("t2", 3);
        for (int i = 0; i < MAX_CHECKS; i++) {
            clock.advance(Duration.ofMillis(i == 0 ? TIMEOUT : INTERVAL));
            checker.doWork(); // counts, though no member is live
        }
        assertThat(table.find("t2").state).isEqualTo(State.OPEN);
        clock.advance(Duration.ofMillis(INTERVAL));
        checker.doWork();
        StoreFixture.settle(store);
        assertThat(table.find("t2").state).isEqualTo(State.PARKED);
        List<StoredMessage> parked = store.readRange(Transactions.UNRESOLVED_TOPIC, 0, 0, 10);
        assertThat(parked).extracting(m -> m.message().id()).containsExactly(TestMessages.id(2), TestMessages.id(3));
        assertThat(parked.get(0).message().properties().get(Transactions.PROP_REAL_TOPIC)).isEqualTo("T");
        assertThat(parked.get(0).message().properties().get(Transactions.PROP_REAL_QUEUE)).isEqualTo(1);
    }

    /** A copy the store refuses (BUSY: its writer queue holds one append) is copied again until every half is parked (issue 11, item 7). */
    @Test
    void parkedCopiesTheStoreRefusesAreCopiedAgainUntilAllAreThere() throws Exception {
        store.close();
        store = MessageStore.open(StoreFixture.small(dir.resolve("busy-store"), clock).writeQueueCapacity(1).build());
        checker = new TransactionChecker(table, store, producers, () -> "127.0.0.1:10911", clock, TIMEOUT, INTERVAL, MAX_CHECKS,
                HOLD, txId -> { });
        for (long seq = 10; seq < 14; seq++) {
            half("t-busy", seq);
        }
        for (int i = 0; i <= MAX_CHECKS; i++) {
            clock.advance(Duration.ofMillis(i == 0 ? TIMEOUT : INTERVAL));
            checker.doWork(); // the last one parks: four copies at once into a queue of one
        }
        assertThat(table.find("t-busy").state).isEqualTo(State.PARKED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            StoreFixture.settle(store);
            return store.readRange(Transactions.UNRESOLVED_TOPIC, 0, 0, 10).size() == 4;
        });
        assertThat(store.readRange(Transactions.UNRESOLVED_TOPIC, 0, 0, 10)).extracting(m -> m.message().id())
                .containsExactlyInAnyOrder(TestMessages.id(10), TestMessages.id(11), TestMessages.id(12), TestMessages.id(13));
    }

    @Test
    void preparedAndResolvedTransactionsAreNeverChecked() throws Exception {
        EmbeddedChannel member = new EmbeddedChannel();
        producers.heartbeat("p1", List.of("pg"), member);
        half("prepared", 4);
        table.transition("prepared", State.PREPARED, EnumSet.of(State.OPEN), new Xid(1, new byte[] {1}, new byte[0]), "prepare", TxCaller.ANYONE);
        half("committed", 5);
        table.transition("committed", State.COMMITTED, EnumSet.of(State.OPEN), null, "commit", TxCaller.ANYONE);
        for (int i = 0; i < MAX_CHECKS + 3; i++) {
            clock.advance(Duration.ofMillis(INTERVAL));
            assertThat(checker.doWork()).isZero();
        }
        assertThat((Object) member.readOutbound()).isNull();
        assertThat(table.find("prepared").state).isEqualTo(State.PREPARED);
        member.finishAndReleaseAll();
    }

    @Test
    void aTransactionOfHeldOffsetsOnlyIsExpiredTheHoldAfterItsLastOneButNeverChecked() throws Exception {
        EmbeddedChannel member = new EmbeddedChannel();
        table.holdOffset("offsets-only", new Transaction.OffsetKey("cg", "T", 0), 5, TxCaller.ANYONE);
        clock.advance(Duration.ofMillis(HOLD - 1));
        table.holdOffset("offsets-only", new Transaction.OffsetKey("cg", "T", 1), 9, TxCaller.ANYONE); // renews the hold
        table.holdOffset("with-half", new Transaction.OffsetKey("cg", "T", 2), 3, TxCaller.ANYONE);
        half("with-half", 6); // has a producer group to ask: checked back, never expired
        table.holdOffset("prepared", new Transaction.OffsetKey("cg", "T", 3), 1, TxCaller.ANYONE);
        table.transition("prepared", State.PREPARED, EnumSet.of(State.OPEN), new Xid(1, new byte[] {2}, new byte[0]), "prepare", TxCaller.ANYONE);
        clock.advance(Duration.ofMillis(HOLD - 1));
        producers.heartbeat("p1", List.of("pg"), member); // still alive
        checker.doWork();
        assertThat(expired).isEmpty();
        clock.advance(Duration.ofMillis(1));
        checker.doWork();
        assertThat(expired).containsExactly("offsets-only");
        assertThat(table.find("offsets-only").state).isEqualTo(State.ROLLED_BACK);
        assertThat(check(member).txId()).isEqualTo("with-half");
        clock.advance(Duration.ofMillis(HOLD * 10));
        checker.doWork();
        assertThat(expired).containsExactly("offsets-only");
        assertThat(table.find("prepared").state).isEqualTo(State.PREPARED);
        member.finishAndReleaseAll();
    }
}
