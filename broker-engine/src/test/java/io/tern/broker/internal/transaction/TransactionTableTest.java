package io.tern.broker.internal.transaction;

import io.tern.broker.internal.transaction.Transaction.HeldAck;
import io.tern.broker.internal.transaction.Transaction.OffsetKey;
import io.tern.broker.internal.transaction.Transaction.State;
import io.tern.broker.internal.journal.GroupCommitJournal;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.Xid;
import io.tern.store.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TransactionTable}: transitions, check-back selection, and what survives a crash (journal only, no final
 * checkpoint) or a clean close. The test thread drives the journal agent.
 */
class TransactionTableTest {
    private static final Duration CHECKPOINTS = Duration.ofSeconds(5);
    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final EnumSet<State> OPEN = EnumSet.of(State.OPEN);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_000_000);

    private TransactionTable open() throws IOException {
        return TransactionTable.open(dir, clock, CHECKPOINTS, RETENTION, true);
    }

    @Test
    void transitionsAreIdempotentAndConflictsAreNamed() throws IOException {
        TransactionTable t = open();
        t.addHalf("a", "pg", 100, clock.millis(), TxCaller.ANYONE);
        assertThat(t.transition("a", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE).repeated()).isFalse();
        assertThat(t.transition("a", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE).repeated()).isTrue();
        TransactionTable.Change late = t.transition("a", State.ROLLED_BACK, OPEN, null, "rollback", TxCaller.ANYONE);
        assertThat(late.code()).isEqualTo(ResponseCode.TX_CONFLICT);
        assertThat(late.refusal()).contains("rollback of transaction a refused: it is COMMITTED");
        assertThat(t.transition("nope", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE).code()).isEqualTo(ResponseCode.TX_UNKNOWN);
        assertThat(t.refuseWork("a")).contains("COMMITTED");
        assertThat(t.refuseWork("new")).isNull();
        // a half whose send was checked before the commit and stored after it is not added to the committed transaction
        assertThat(t.addHalf("a", "pg", 900, clock.millis(), TxCaller.ANYONE)).isCompletedExceptionally();
        assertThat(t.holdAck("a", new HeldAck("cg", "T", 0, 1, 2), TxCaller.ANYONE)).isCompletedExceptionally();
        assertThat(t.halves(t.find("a"))).hasSize(1);
    }

    @Test
    void onlyOpenTransactionsPastTheTimeoutAreCheckedAndEachCheckCounts() throws IOException {
        TransactionTable t = open();
        t.addHalf("open", "pg", 100, clock.millis(), TxCaller.ANYONE);
        t.addHalf("prepared", "pg", 200, clock.millis(), TxCaller.ANYONE);
        t.transition("prepared", State.PREPARED, OPEN, new Xid(1, new byte[] {1}, new byte[0]), "prepare", TxCaller.ANYONE);
        assertThat(t.dueForCheck(clock.millis(), 6_000, 60_000)).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(t.dueForCheck(clock.millis(), 6_000, 60_000)).containsExactly(new TransactionTable.Due("open", "pg", 1, null));
        assertThat(t.dueForCheck(clock.millis(), 6_000, 60_000)).as("not again before the interval").isEmpty();
        clock.advance(Duration.ofSeconds(60));
        assertThat(t.dueForCheck(clock.millis(), 6_000, 60_000)).containsExactly(new TransactionTable.Due("open", "pg", 2, null));
    }

    @Test
    void aCrashKeepsWhatTheJournalForcedAndATornTailIsIgnored() throws Exception {
        TransactionTable t = open();
        Xid xid = new Xid(9, new byte[] {1, 2}, new byte[] {3});
        t.addHalf(xid.toTxId(), "pg", 100, clock.millis(), TxCaller.ANYONE);
        t.holdAck(xid.toTxId(), new HeldAck("cg", "T", 1, 7, 42), TxCaller.ANYONE);
        t.transition(xid.toTxId(), State.PREPARED, OPEN, xid, "prepare", TxCaller.ANYONE);
        t.addHalf("c", "pg", 300, clock.millis(), TxCaller.ANYONE);
        t.transition("c", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE);
        t.journal().doWork(); // written and forced; no close: the process dies here
        Path journal;
        try (Stream<Path> s = Files.list(dir)) {
            journal = s.filter(p -> GroupCommitJournal.journalSeq(p) >= 0).findFirst().orElseThrow();
        }
        Files.write(journal, new byte[] {0, 0, 0, 40, 1, 2}, StandardOpenOption.APPEND); // a torn write

        TransactionTable after = open();
        assertThat(after.prepared()).containsExactly(xid);
        Transaction branch = after.find(xid.toTxId());
        assertThat(after.halves(branch)).extracting(Transaction.Half::commitLogOffset).containsExactly(100L);
        assertThat(after.acks(branch)).containsExactly(new HeldAck("cg", "T", 1, 7, 42));
        assertThat(after.committedNotApplied()).extracting(x -> x.txId).containsExactly("c");
    }

    @Test
    void aCheckpointKeepsLiveTransactionsAndForgetsOldOutcomes() throws Exception {
        TransactionTable t = open();
        t.addHalf("old", "pg", 100, clock.millis(), TxCaller.ANYONE);
        t.transition("old", State.ROLLED_BACK, OPEN, null, "rollback", TxCaller.ANYONE);
        clock.advance(RETENTION.plusSeconds(1));
        t.addHalf("recent", "pg", 200, clock.millis(), TxCaller.ANYONE);
        t.transition("recent", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE);
        t.applied(t.find("recent"));
        t.addHalf("open", "pg", 300, clock.millis(), TxCaller.ANYONE);
        t.journal().onClose(); // clean close: checkpoint

        TransactionTable after = open();
        assertThat(after.find("old")).isNull();
        assertThat(after.transition("recent", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE).repeated()).isTrue();
        assertThat(after.halves(after.find("open"))).hasSize(1);
        assertThat(after.committedNotApplied()).isEmpty();
        try (Stream<Path> s = Files.list(dir)) {
            List<Long> journals = s.map(GroupCommitJournal::journalSeq).filter(x -> x >= 0).toList();
            assertThat(journals).hasSize(1);
        }
    }

    @Test
    void heldOffsetsReplaceByQueueAndSurviveACrashAndACheckpoint() throws Exception {
        TransactionTable t = open();
        OffsetKey q0 = new OffsetKey("cg", "T", 0);
        OffsetKey q1 = new OffsetKey("cg", "T", 1);
        Xid xid = new Xid(3, new byte[] {4}, new byte[0]);
        t.holdOffset("local", q0, 10, TxCaller.ANYONE);
        t.holdOffset("local", q1, 4, TxCaller.ANYONE);
        t.holdOffset("local", q0, 12, TxCaller.ANYONE); // replaces 10
        t.holdOffset(xid.toTxId(), q1, 7, TxCaller.ANYONE);
        t.transition(xid.toTxId(), State.PREPARED, OPEN, xid, "prepare", TxCaller.ANYONE);
        assertThat(t.holdOffset(xid.toTxId(), q1, 8, TxCaller.ANYONE)).isCompletedExceptionally();
        t.holdOffset("committed", q0, 20, TxCaller.ANYONE);
        t.transition("committed", State.COMMITTED, OPEN, null, "commit", TxCaller.ANYONE);
        t.journal().doWork(); // forced; the process dies here

        TransactionTable crashed = open(); // journal only
        assertThat(crashed.offsets(crashed.find("local"))).containsExactly(Map.entry(q0, 12L), Map.entry(q1, 4L));
        assertThat(crashed.offsets(crashed.find(xid.toTxId()))).containsExactly(Map.entry(q1, 7L));
        assertThat(crashed.prepared()).containsExactly(xid);
        assertThat(crashed.committedNotApplied()).extracting(x -> x.txId).containsExactly("committed");
        crashed.journal().onClose(); // checkpoint, then the journal folded into it

        TransactionTable clean = open();
        assertThat(clean.offsets(clean.find("local"))).containsExactly(Map.entry(q0, 12L), Map.entry(q1, 4L));
        assertThat(clean.offsets(clean.find(xid.toTxId()))).containsExactly(Map.entry(q1, 7L));
        assertThat(clean.offsets(clean.committedNotApplied().get(0))).containsExactly(Map.entry(q0, 20L));
        clean.applied(clean.find("committed"));
        clean.journal().onClose();
        assertThat(open().committedNotApplied()).as("applied: its offsets are the offset table's now").isEmpty();
    }

    @Test
    void aTransactionBelongsToTheLoginThatOpenedItAcrossACrashAndACheckpoint() throws Exception {
        TxCaller bob = new TxCaller("bob", false);
        TxCaller alice = new TxCaller("alice", false);
        TxCaller admin = new TxCaller("root", true);
        Xid xid = new Xid(5, new byte[] {7}, new byte[0]);
        TransactionTable t = open();
        t.addHalf(xid.toTxId(), "pg", 100, clock.millis(), bob);
        t.transition(xid.toTxId(), State.PREPARED, OPEN, xid, "prepare", bob);
        t.holdAck("bob-local", new HeldAck("cg", "T", 0, 1, 2), bob);
        assertThat(t.holdAck("bob-local", new HeldAck("cg", "T", 0, 3, 4), alice)).as("joining it").isCompletedExceptionally();
        t.journal().doWork(); // forced; the process dies here

        for (TransactionTable after : List.of(open(), checkpointedAgain())) {
            assertThat(after.prepared(alice)).isEmpty();
            assertThat(after.prepared(bob)).containsExactly(xid);
            assertThat(after.prepared(admin)).containsExactly(xid);
            TransactionTable.Change refused = after.transition(xid.toTxId(), State.COMMITTED, EnumSet.of(State.PREPARED), null, "commit", alice);
            assertThat(refused.code()).isEqualTo(ResponseCode.NO_PERMISSION);
            assertThat(refused.refusal()).contains("opened by another login").contains("user 'alice'").doesNotContain("bob");
            assertThat(after.refuseCaller("bob-local", alice)).isNotNull();
            assertThat(after.refuseCaller("bob-local", bob)).isNull();
            assertThat(after.refuseCaller("bob-local", admin)).isNull();
            assertThat(after.acks(after.find("bob-local"))).hasSize(1);
        }
    }

    /** The table reopened after a clean close, so what it knows comes from the checkpoint alone. */
    private TransactionTable checkpointedAgain() throws IOException {
        TransactionTable t = open();
        t.journal().onClose();
        return open();
    }
}
