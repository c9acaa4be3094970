package io.tern.broker.internal.lease;

import io.tern.broker.internal.journal.GroupCommitJournal;
import io.tern.store.MessageStore;
import io.tern.store.StoreException;
import io.tern.store.StoreFixture;
import io.tern.store.TestClock;
import io.tern.store.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ack journal and the cursors' recovery, with the journal agent driven by hand and a test clock. */
class LeaseJournalTest {
    private static final Duration CHECKPOINT = Duration.ofSeconds(5);
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_000_000);
    final List<MessageStore> stores = new ArrayList<>();
    MessageStore store;
    LeaseTable table;

    @BeforeEach
    void open() throws Exception {
        store = openStore(dir.resolve("data"));
        for (int i = 0; i < 10; i++) {
            StoreFixture.appendNow(store, TestMessages.message(i, "t", 0));
        }
        table = LeaseTable.open(dir.resolve("data/lease"), store, clock, CHECKPOINT);
    }

    @AfterEach
    void close() {
        stores.forEach(MessageStore::close);
    }

    private MessageStore openStore(Path d) {
        MessageStore s = MessageStore.open(StoreFixture.small(d, clock).build());
        stores.add(s);
        return s;
    }

    /** Makes the cursor (which waits for its journaled opening) while driving the journal agent. */
    private LeaseCursor cursor(LeaseTable t) throws Exception {
        CompletableFuture<LeaseCursor> c = CompletableFuture.supplyAsync(() -> t.cursor("g", "t", 0));
        while (!c.isDone()) {
            t.journal().doWork();
            Thread.onSpinWait();
        }
        return c.get();
    }

    private void journalAck(LeaseCursor c, LeaseCursor.Grant g) {
        assertThat(c.ack(g.offset(), g.receiptId(), clock.millis())).isEqualTo(LeaseCursor.Outcome.OK);
        table.journal().append(new JournalRecord(JournalRecord.ACK, "g", "t", 0, g.offset(), 0).encode());
    }

    /** What a SIGKILL leaves, reopened: store and lease files copied as they are now, recovered from the copy. */
    private LeaseTable crashAndRecover(String name) throws Exception {
        Path copy = StoreFixture.crashCopy(dir.resolve("data"), dir.resolve(name));
        MessageStore s = openStore(copy);
        return LeaseTable.open(copy.resolve("lease"), s, clock, CHECKPOINT);
    }

    @Test
    void manyQueuedForcedRecordsShareOneForce() {
        long before = table.journal().forces();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acks.add(table.journal().appendForced(new JournalRecord(JournalRecord.ACK, "g", "t", 0, i, 0).encode()));
        }
        assertThat(acks).noneMatch(CompletableFuture::isDone); // not answered before the force
        assertThat(table.journal().doWork()).isEqualTo(50);
        assertThat(table.journal().forces() - before).isEqualTo(1);
        assertThat(acks).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void underAsyncFlushAcksAreAnsweredOnceWrittenAndForcedOnlyWithAForcedRecord() throws Exception {
        assertThat(store.config().flushMode()).isEqualTo(io.tern.store.FlushMode.ASYNC);
        long before = table.journal().forces();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acks.add(table.journal().append(new JournalRecord(JournalRecord.ACK, "g", "t", 0, i, 0).encode()));
        }
        assertThat(acks).noneMatch(CompletableFuture::isDone);
        assertThat(table.journal().doWork()).isEqualTo(50);
        assertThat(acks).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(table.journal().forces()).as("written, not forced").isEqualTo(before);
        try (var files = Files.list(dir.resolve("data/lease"))) {
            long written = files.filter(f -> GroupCommitJournal.journalSeq(f) >= 0).mapToLong(f -> f.toFile().length()).sum();
            assertThat(written).as("in the file (the page cache outlives a killed process)").isPositive();
        }

        table.journal().append(new JournalRecord(JournalRecord.ACK, "g", "t", 0, 50, 0).encode());
        CompletableFuture<Void> forced = table.journal().appendForced(new JournalRecord(JournalRecord.ACK, "g", "t", 0, 51, 0).encode());
        table.journal().doWork();
        assertThat(forced).isCompleted();
        assertThat(table.journal().forces() - before).as("one force for the batch holding a forced record").isEqualTo(1);
    }

    @Test
    void recoveryReplaysTheJournalAndMarksEveryUnackedOffsetRedelivered() throws Exception {
        LeaseCursor c = cursor(table);
        List<LeaseCursor.Grant> g = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            g.add(c.leaseNew(c.frontier(), clock.millis(), 60_000));
        }
        journalAck(c, g.get(0));
        journalAck(c, g.get(3));
        c.nack(2, g.get(2).receiptId(), clock.millis(), 0);
        table.journal().append(new JournalRecord(JournalRecord.NACK, "g", "t", 0, 2, 1).encode());
        table.journal().doWork();

        LeaseCursor r = crashAndRecover("crash1").existing("g", "t", 0);
        assertThat(r.watermark()).isEqualTo(1);
        assertThat(r.isAcked(3)).isTrue();
        List<LeaseCursor.Grant> again = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            again.add(r.leaseNew(r.frontier(), clock.millis(), 60_000));
        }
        assertThat(again).extracting(LeaseCursor.Grant::offset).containsExactly(1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(again).allSatisfy(x -> assertThat(x.deliveryCount()).isGreaterThanOrEqualTo(2));
    }

    @Test
    void aTornRecordAtTheJournalsEndIsIgnored() throws Exception {
        LeaseCursor c = cursor(table);
        journalAck(c, c.leaseNew(c.frontier(), clock.millis(), 60_000));
        table.journal().doWork();
        Path journal;
        try (Stream<Path> s = Files.list(dir.resolve("data/lease"))) {
            journal = s.filter(p -> GroupCommitJournal.journalSeq(p) >= 0).findFirst().orElseThrow();
        }
        byte[] whole = new JournalRecord(JournalRecord.ACK, "g", "t", 0, 1, 0).encode();
        Files.write(journal, java.util.Arrays.copyOf(whole, whole.length - 3), StandardOpenOption.APPEND);

        LeaseCursor r = crashAndRecover("crash2").existing("g", "t", 0);
        assertThat(r.watermark()).isEqualTo(1);
        assertThat(r.isAcked(1)).isFalse();
    }

    @Test
    void aCheckpointFoldsTheJournalAndDeletesTheOldFiles() throws Exception {
        LeaseCursor c = cursor(table);
        for (int i = 0; i < 3; i++) {
            journalAck(c, c.leaseNew(c.frontier(), clock.millis(), 60_000));
        }
        table.journal().doWork();
        clock.advance(CHECKPOINT);
        assertThat(table.journal().doWork()).isEqualTo(1); // the checkpoint
        try (Stream<Path> s = Files.list(dir.resolve("data/lease"))) {
            List<Path> journals = s.filter(p -> GroupCommitJournal.journalSeq(p) >= 0).toList();
            assertThat(journals).hasSize(1);
            assertThat(Files.size(journals.get(0))).isZero();
        }
        LeaseCursor r = crashAndRecover("crash3").existing("g", "t", 0);
        assertThat(r.watermark()).isEqualTo(3);
    }

    @Test
    void aDamagedCheckpointIsAnErrorNamingTheFile() throws Exception {
        cursor(table);
        Path copy = StoreFixture.crashCopy(dir.resolve("data"), dir.resolve("crash4"));
        Path cp = copy.resolve("lease/checkpoint");
        byte[] b = Files.readAllBytes(cp);
        b[b.length / 2] ^= 0x40;
        Files.write(cp, b);
        MessageStore s = openStore(copy);
        assertThatThrownBy(() -> LeaseTable.open(copy.resolve("lease"), s, clock, CHECKPOINT))
                .isInstanceOf(StoreException.class).hasMessageContaining(cp.toString()).hasMessageContaining("CRC");
    }

    /** Acks 0-3 of offsets 0-4 leased, resets to 2, then leases and acks 2 again: what the group holds after the reset. */
    private void ackResetAndAckAgain(LeaseCursor c) {
        List<LeaseCursor.Grant> g = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            g.add(c.leaseNew(c.frontier(), clock.millis(), 60_000));
        }
        g.subList(0, 4).forEach(x -> journalAck(c, x));
        table.journal().doWork();
        CompletableFuture<Void> reset = table.reset("g", "t", new long[] {2}, clock.millis());
        table.journal().doWork();
        assertThat(reset).isCompleted();
        LeaseCursor.Grant two = c.leaseNew(c.frontier(), clock.millis(), 60_000);
        assertThat(two.offset()).isEqualTo(2);
        assertThat(two.deliveryCount()).isEqualTo(1);
        journalAck(c, two);
        table.journal().doWork();
    }

    private static void assertAfterReset(LeaseCursor r) {
        assertThat(r.watermark()).isEqualTo(3); // 0-1 below the reset, 2 acked after it
        assertThat(r.isAcked(3)).as("acked before the reset, not after").isFalse();
        assertThat(r.frontier()).isEqualTo(3);
    }

    @Test
    void aResetIsReplayedAfterACrashBeforeTheCheckpointWithTheAcksBeforeAndAfterIt() throws Exception {
        ackResetAndAckAgain(cursor(table));
        assertAfterReset(crashAndRecover("crash-reset").existing("g", "t", 0));
    }

    @Test
    void aResetIsInTheCheckpointAndReplayingItAgainChangesNothing() throws Exception {
        LeaseCursor c = cursor(table);
        ackResetAndAckAgain(c);
        clock.advance(CHECKPOINT);
        assertThat(table.journal().doWork()).isEqualTo(1); // the checkpoint: the reset is folded into it
        assertAfterReset(crashAndRecover("crash-cp").existing("g", "t", 0));
        // the same records again after the checkpoint (a reset queued while the snapshot was taken lands in the new file)
        table.journal().append(new JournalRecord(JournalRecord.RESET, "g", "t", 0, 2, 0).encode());
        table.journal().append(new JournalRecord(JournalRecord.ACK, "g", "t", 0, 2, 0).encode());
        table.journal().doWork();
        assertAfterReset(crashAndRecover("crash-twice").existing("g", "t", 0));
    }

    @Test
    void aResetIsRefusedWhileAPreparedTransactionPinsAnOffset() throws Exception {
        LeaseCursor c = cursor(table);
        LeaseCursor.Grant g = c.leaseNew(c.frontier(), clock.millis(), 60_000);
        assertThat(c.pin(g.offset(), g.receiptId(), LeaseCursor.UNTIL_RESOLVED, clock.millis())).isTrue();
        assertThatThrownBy(() -> table.reset("g", "t", new long[] {5}, clock.millis()))
                .isInstanceOf(LeaseTable.Pinned.class).hasMessageContaining("{0=[0]}");
        assertThat(c.watermark()).isZero();
        assertThat(c.leasedOffsets()).containsExactly(0L);
    }
}
