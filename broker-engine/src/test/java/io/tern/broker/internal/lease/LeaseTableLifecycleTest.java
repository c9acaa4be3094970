package io.tern.broker.internal.lease;

import io.tern.broker.internal.journal.GroupCommitJournal;
import io.tern.store.MessageStore;
import io.tern.store.StoreFixture;
import io.tern.store.TestClock;
import io.tern.store.TestMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lease table's lifecycle: cursors opened without a table-wide lock across the fsync, OPEN_GROUP's cursors, and
 * the recovery of deleted and ephemeral groups (journal and checkpoint). The journal agent runs on a test thread.
 */
class LeaseTableLifecycleTest {
    private static final Duration CHECKPOINT = Duration.ofSeconds(5);
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_000_000);
    final List<MessageStore> stores = new ArrayList<>();
    LeaseTable table;
    Thread agent;
    final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeEach
    void open() throws Exception {
        MessageStore store = openStore(dir.resolve("data"));
        for (int i = 0; i < 10; i++) {
            StoreFixture.appendNow(store, TestMessages.message(i, "t", 0));
        }
        StoreFixture.settle(store);
        table = LeaseTable.open(dir.resolve("data/lease"), store, clock, CHECKPOINT);
        agent = drive(table);
    }

    @AfterEach
    void close() throws Exception {
        running.set(false);
        agent.join();
        stores.forEach(MessageStore::close);
    }

    private MessageStore openStore(Path d) {
        MessageStore s = MessageStore.open(StoreFixture.small(d, clock).build());
        stores.add(s);
        return s;
    }

    /** The journal agent, on its own thread until the test ends (the first thread to drive it owns it). */
    private Thread drive(LeaseTable t) {
        Thread th = new Thread(() -> {
            while (running.get()) {
                if (t.journal().doWork() == 0) {
                    Thread.onSpinWait();
                }
            }
        }, "test-journal-agent");
        th.start();
        return th;
    }

    private LeaseTable crashAndRecover(String name) throws Exception {
        Path copy = StoreFixture.crashCopy(dir.resolve("data"), dir.resolve(name));
        MessageStore s = openStore(copy);
        return LeaseTable.open(copy.resolve("lease"), s, clock, CHECKPOINT);
    }

    @Test
    void aSlowForceOfOneGroupsOpeningDoesNotBlockAnotherGroupsOpening() throws Exception {
        CountDownLatch inForce = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        table.journal().beforeForce(() -> {
            if (first.compareAndSet(true, false)) {
                inForce.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        CompletableFuture<LeaseCursor> slow = CompletableFuture.supplyAsync(() -> table.cursor("g1", "t", 0));
        assertThat(inForce.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<LeaseCursor> other = CompletableFuture.supplyAsync(() -> table.cursor("g2", "t", 0));
        // g2's opening reaches the journal while g1's force is held: no lock of the table is held across that force
        await().atMost(Duration.ofSeconds(10)).until(() -> table.journal().queued() == 1);
        assertThat(slow).isNotDone();
        assertThat(table.existing("g1", "t", 0)).as("not usable before its opening is on disk").isNull();

        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(other.get(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void threadsOpeningOneCursorAtOnceShareOneOpening() throws Exception {
        List<CompletableFuture<LeaseCursor>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            all.add(CompletableFuture.supplyAsync(() -> table.cursor("g", "t", 0)));
        }
        LeaseCursor c = all.get(0).get(10, TimeUnit.SECONDS);
        for (CompletableFuture<LeaseCursor> f : all) {
            assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(c);
        }
    }

    @Test
    void openGroupMakesEveryQueuesCursorAtItsStartAndIsIdempotent() throws Exception {
        assertThat(table.openGroup("g", "t", new long[] {10}, false).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(table.existing("g", "t", 0).watermark()).isEqualTo(10);
        assertThat(table.openGroup("g", "t", new long[] {0}, false).get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(table.existing("g", "t", 0).watermark()).isEqualTo(10);

        LeaseCursor r = crashAndRecover("crash").existing("g", "t", 0);
        assertThat(r.watermark()).isEqualTo(10);
    }

    @Test
    void aDeletedGroupStaysDeletedAfterACrashEvenWithAnAckJournaledAfterItsDeletion() throws Exception {
        LeaseCursor c = table.cursor("g", "t", 0);
        LeaseCursor.Grant g = c.leaseNew(c.frontier(), clock.millis(), 60_000);
        table.cursor("kept", "t", 0);
        assertThat(table.delete("g", "t").get(10, TimeUnit.SECONDS)).isTrue();
        table.journal().append(new JournalRecord(JournalRecord.ACK, "g", "t", 0, g.offset(), 0).encode()).get(10, TimeUnit.SECONDS);

        LeaseTable r = crashAndRecover("crash");
        assertThat(r.existing("g", "t", 0)).isNull();
        assertThat(r.existing("kept", "t", 0)).isNotNull();
        assertThat(r.delete("g", "t").get(10, TimeUnit.SECONDS)).as("nothing left to delete").isFalse();
    }

    @Test
    void anEphemeralGroupIsDeletedByTheRestartAfterACrashFromTheJournalOrTheCheckpoint() throws Exception {
        table.openGroup("e", "t", new long[] {0}, true).get(10, TimeUnit.SECONDS);
        table.openGroup("d", "t", new long[] {0}, false).get(10, TimeUnit.SECONDS);
        assertThat(table.isEphemeral("e", "t")).isTrue();

        LeaseTable fromJournal = crashAndRecover("crash-journal");
        assertThat(fromJournal.existing("e", "t", 0)).isNull();
        assertThat(fromJournal.existing("d", "t", 0)).isNotNull();
        assertThat(fromJournal.recoveredEphemeral()).containsExactly(new LeaseTable.GroupKey("e", "t"));

        clock.advance(CHECKPOINT.plusMillis(1)); // the agent checkpoints: the ephemeral group is in the checkpoint only
        await().atMost(Duration.ofSeconds(10)).until(() -> java.nio.file.Files.list(dir.resolve("data/lease"))
                .filter(f -> GroupCommitJournal.journalSeq(f) >= 0).allMatch(f -> f.toFile().length() == 0));
        LeaseTable fromCheckpoint = crashAndRecover("crash-checkpoint");
        assertThat(fromCheckpoint.existing("e", "t", 0)).isNull();
        assertThat(fromCheckpoint.existing("d", "t", 0)).isNotNull();
        assertThat(fromCheckpoint.recoveredEphemeral()).containsExactly(new LeaseTable.GroupKey("e", "t"));
    }

    @Test
    void aDurableOpenMakesAnEphemeralGroupDurable() throws Exception {
        table.openGroup("e", "t", new long[] {0}, true).get(10, TimeUnit.SECONDS);
        assertThat(table.openGroup("e", "t", new long[] {0}, false).get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(table.isEphemeral("e", "t")).isFalse();
        assertThat(crashAndRecover("crash").existing("e", "t", 0)).isNotNull();
    }

    @Test
    void aGroupDeletedWhileOneOfItsCursorsIsBeingOpenedStaysDeleted() throws Exception {
        CountDownLatch inForce = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        table.journal().beforeForce(() -> {
            if (first.compareAndSet(true, false)) {
                inForce.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        CompletableFuture<LeaseCursor> opening = CompletableFuture.supplyAsync(() -> table.cursor("g", "t", 0));
        assertThat(inForce.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Boolean> deleted = table.delete("g", "t");
        release.countDown();

        assertThat(deleted.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(opening.get(10, TimeUnit.SECONDS)).as("its receiver gets a cursor no handle can reach").isNotNull();
        assertThat(table.existing("g", "t", 0)).isNull();
        assertThat(table.size()).isZero();
        assertThat(crashAndRecover("crash").existing("g", "t", 0)).isNull();
    }
}
