package io.tern.store;

import io.tern.message.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.tern.store.StoreFixture.appendNow;
import static io.tern.store.StoreFixture.settle;
import static io.tern.store.StoreFixture.small;
import static io.tern.store.TestMessages.matches;
import static io.tern.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageStoreTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_800_000_000_000L);

    @Test
    void flushForcesWhatIsWrittenEvenUnderAsync() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) { // ASYNC: nothing forces before the 500 ms period
            StoreFixture.appendNow(store, TestMessages.message(1, "t", 0));
            assertThat(store.flushedPosition()).isLessThan(store.writtenPosition());
            java.util.concurrent.CompletableFuture<Long> flushed = store.flush();
            StoreFixture.settle(store);
            assertThat(flushed).isCompletedWithValue(store.writtenPosition());
            assertThat(store.flushedPosition()).isEqualTo(store.writtenPosition());
        }
    }

    @Test
    void whenDispatchedCompletesOnceTheDispatcherReachesThePosition() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            appendNow(store, message(1, "t", 0));
            long written = store.writtenPosition();
            assertThat(store.whenDispatched(written)).isDone(); // nothing behind: at once

            store.append(message(2, "t", 0)); // queued, not yet written
            CompletableFuture<Void> second = store.whenDispatched(written + 1);
            CompletableFuture<Void> later = store.whenDispatched(Long.MAX_VALUE);
            assertThat(second).isNotDone();
            assertThat(store.maxOffset("t", 0)).isEqualTo(1);

            settle(store);
            assertThat(second).isDone();
            assertThat(store.maxOffset("t", 0)).isEqualTo(2); // what a waiter reads afterwards includes the append
            assertThat(later).isNotDone();
        }
    }

    @Test
    void lookupByIdAndTopicPicksTheCopyInThatTopic() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            MessageRecord half = TestMessages.message(2, "half", 0);
            StoreFixture.appendNow(store, half);
            assertThat(store.lookupById(half.id(), "real")).isEmpty();
            StoreFixture.appendNow(store, new MessageRecord(half.id(), "real", 0, half.bornTimestamp(), half.bornHost(), 0,
                    half.properties(), half.keys(), half.tag(), half.body()));
            assertThat(store.lookupById(half.id(), "real")).hasValueSatisfying(m -> assertThat(m.message().topic()).isEqualTo("real"));
            assertThat(store.lookupById(half.id(), "half")).hasValueSatisfying(m -> assertThat(m.message().topic()).isEqualTo("half"));
        }
    }

    @Test
    void appendedMessagesReadBackByQueueOffsetIdAndKey() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            List<AppendResult> results = new ArrayList<>();
            for (int seq = 0; seq < 40; seq++) {
                results.add(appendNow(store, message(seq, seq % 2 == 0 ? "orders" : "mail", seq % 4)));
            }
            assertThat(results).allMatch(AppendResult::isOk);
            assertThat(results.get(0).durability()).isEqualTo(FlushMode.ASYNC);

            for (int seq = 0; seq < 40; seq++) {
                MessageRecord expected = message(seq, seq % 2 == 0 ? "orders" : "mail", seq % 4);
                AppendResult r = results.get(seq);
                assertThat(r.queueOffset()).isEqualTo(seq / 4);
                assertThat(store.read(expected.topic(), expected.queueId(), r.queueOffset())).hasValueSatisfying(m -> assertThat(matches(m, expected)).isTrue());
                assertThat(store.readAt(r.commitLogOffset())).hasValueSatisfying(m -> assertThat(m.storeTimestamp()).isEqualTo(clock.millis()));
                assertThat(store.lookupById(expected.id())).hasValueSatisfying(m -> assertThat(m.commitLogOffset()).isEqualTo(r.commitLogOffset()));
                assertThat(store.lookupByKey(expected.topic(), "key-" + seq, 10)).singleElement()
                        .satisfies(m -> assertThat(m.message().id()).isEqualTo(expected.id()));
            }
            assertThat(store.lookupByKey("orders", "group-2", 100)).hasSize(4).allMatch(m -> m.message().topic().equals("orders"));
            assertThat(store.lookupByKey("mail", "key-0", 10)).isEmpty(); // key-0 was sent to "orders"
            assertThat(store.lookupById(new MessageId(1, 2))).isEmpty();
            assertThat(store.readRange("orders", 0, 0, 100)).extracting(StoredMessage::queueOffset)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L); // seq 0, 4, 8, ... 36
            assertThat(store.readRange("orders", 0, 3, 1)).extracting(StoredMessage::queueOffset).containsExactly(3L);
            assertThat(store.maxOffset("orders", 0)).isEqualTo(10);
            assertThat(store.read("orders", 0, 10)).isEmpty();
            assertThat(store.read("nope", 0, 0)).isEmpty();
        }
    }

    @Test
    void scanReadsOnlyRecordsWhoseTagHashPassesAndMovesPastTheRest() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            for (int seq = 0; seq < 30; seq++) {
                appendNow(store, message(seq, "tags", 0)); // tags tag0, tag1, tag2 in turn
            }
            long tag1 = MessageStore.tagHash("tag1");
            MessageStore.Scan scan = store.scan("tags", 0, 0, 30, h -> h == tag1);
            assertThat(scan.messages()).hasSize(10).allMatch(m -> m.message().tag().equals("tag1"));
            assertThat(scan.nextOffset()).isEqualTo(30);

            MessageStore.Scan part = store.scan("tags", 0, 5, 4, h -> h == tag1);
            assertThat(part.messages()).extracting(StoredMessage::queueOffset).containsExactly(7L);
            assertThat(part.nextOffset()).isEqualTo(9);
            assertThat(store.scan("tags", 0, 30, 10, h -> true)).satisfies(sc -> {
                assertThat(sc.messages()).isEmpty();
                assertThat(sc.nextOffset()).isEqualTo(30);
            });
            assertThat(MessageStore.tagHash(null)).isZero();
            assertThat(store.scan("none", 0, 0, 10, h -> true).messages()).isEmpty();
        }
    }

    @Test
    void tagHashAtReadsTheEntryAloneAndRecordsReadCountsEveryRecordRead() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            for (int seq = 0; seq < 6; seq++) {
                appendNow(store, message(seq, "tags", 0)); // tags tag0, tag1, tag2 in turn
            }
            settle(store);
            long before = store.recordsRead();
            assertThat(store.tagHashAt("tags", 0, 4)).hasValue(MessageStore.tagHash("tag1"));
            assertThat(store.tagHashAt("tags", 0, 6)).isEmpty();
            assertThat(store.tagHashAt("none", 0, 0)).isEmpty();
            assertThat(store.recordsRead()).as("a tag hash comes from the consume queue").isEqualTo(before);

            store.read("tags", 0, 0);
            store.readRange("tags", 0, 0, 3);
            long tag1 = MessageStore.tagHash("tag1");
            store.scan("tags", 0, 0, 6, h -> h == tag1);
            assertThat(store.recordsRead() - before).isEqualTo(1 + 3 + 2);
        }
    }

    @Test
    void recordsRollOverSegmentsAndReadAcrossTheBoundary() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            List<AppendResult> results = new ArrayList<>();
            for (int seq = 0; seq < 60; seq++) {
                results.add(appendNow(store, message(seq, "big", 0, 700 + seq * 10)));
            }
            try (Stream<Path> s = Files.list(dir.resolve("commitlog"))) {
                assertThat(s.count()).isGreaterThanOrEqualTo(5);
            }
            for (AppendResult r : results) { // no record straddles a segment
                assertThat(r.commitLogOffset() / 8192).isEqualTo((r.commitLogOffset() + r.size() - 1) / 8192);
            }
            List<StoredMessage> all = store.readRange("big", 0, 0, 1000);
            assertThat(all).hasSize(60);
            for (int seq = 0; seq < 60; seq++) {
                assertThat(matches(all.get(seq), message(seq, "big", 0, 700 + seq * 10))).isTrue();
            }
        }
    }

    @Test
    void findsTheFirstOffsetStoredAtOrAfterATime() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            long start = clock.millis();
            for (int seq = 0; seq < 30; seq++) {
                appendNow(store, message(seq, "t", 0));
                clock.advance(Duration.ofSeconds(1));
            }
            assertThat(store.offsetForTime("t", 0, start - 1)).isZero();
            assertThat(store.offsetForTime("t", 0, start)).isZero();
            assertThat(store.offsetForTime("t", 0, start + 1)).isEqualTo(1);
            assertThat(store.offsetForTime("t", 0, start + 12_000)).isEqualTo(12);
            assertThat(store.offsetForTime("t", 0, start + 12_500)).isEqualTo(13);
            assertThat(store.offsetForTime("t", 0, start + 60_000)).isEqualTo(30);
            assertThat(store.offsetForTime("none", 0, start)).isZero();
        }
    }

    @Test
    void fullWriterQueueAnswersBusyAtOnceAndLosesNothingAccepted() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).writeQueueCapacity(4).build())) {
            List<CompletableFuture<AppendResult>> accepted = new ArrayList<>();
            for (int seq = 0; seq < 4; seq++) {
                accepted.add(store.append(message(seq, "t", 0)));
            }
            CompletableFuture<AppendResult> fifth = store.append(message(4, "t", 0));
            assertThat(fifth).isDone();
            assertThat(fifth.join().status()).isEqualTo(AppendStatus.BUSY);
            assertThat(fifth.join().error()).contains("writeQueueCapacity = 4");

            settle(store);
            assertThat(accepted).allMatch(f -> f.join().isOk());
            assertThat(store.readRange("t", 0, 0, 10)).hasSize(4);
            assertThat(appendNow(store, message(4, "t", 0)).queueOffset()).isEqualTo(4);
        }
    }

    @Test
    void queuedBytesBeyondTheLimitAnswerBusy() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).writeQueueMaxBytes(4096).build())) {
            CompletableFuture<AppendResult> first = store.append(message(0, "t", 0, 1900));
            CompletableFuture<AppendResult> second = store.append(message(1, "t", 0, 1900));
            CompletableFuture<AppendResult> third = store.append(message(2, "t", 0, 1900));
            assertThat(third.join().status()).isEqualTo(AppendStatus.BUSY);
            assertThat(third.join().error()).contains("writeQueueMaxBytes = 4096");
            settle(store);
            assertThat(first.join().isOk()).isTrue();
            assertThat(second.join().isOk()).isTrue();
        }
    }

    @Test
    void diskAboveTheCeilingStopsAppendsWithAClearErrorAndKeepsWhatWasStored() throws Exception {
        AtomicReference<Double> used = new AtomicReference<>(0.50);
        try (MessageStore store = MessageStore.open(small(dir, clock).diskSpace(used::get).diskUsageCeiling(0.85).build())) {
            AppendResult before = appendNow(store, message(0, "t", 0));
            assertThat(before.isOk()).isTrue();

            used.set(0.91);
            clock.advance(Duration.ofSeconds(1)); // the reading is refreshed at most every 100 ms
            AppendResult refused = appendNow(store, message(1, "t", 0));
            assertThat(refused.status()).isEqualTo(AppendStatus.DISK_FULL);
            assertThat(refused.error()).contains("91.0%").contains("diskUsageCeiling 85.0%").contains("nothing was stored");
            assertThat(store.readRange("t", 0, 0, 10)).hasSize(1);

            used.set(0.60);
            clock.advance(Duration.ofSeconds(1));
            AppendResult after = appendNow(store, message(1, "t", 0));
            assertThat(after.isOk()).isTrue();
            assertThat(after.queueOffset()).isEqualTo(1); // the refused append took no queue offset
        }
    }

    @Test
    void invalidMessagesAreRefusedAtOnceNamingTheLimit() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            AppendResult tooBig = store.append(message(0, "t", 0, 5000)).join();
            assertThat(tooBig.status()).isEqualTo(AppendStatus.INVALID_MESSAGE);
            assertThat(tooBig.error()).contains("maxMessageSize 2048");
            assertThat(store.append(message(0, "a b", 0)).join().error()).contains("topic name 'a b'");
            assertThat(store.append(message(0, "t", -1)).join().error()).contains("queue id -1");
            assertThat(store.writtenPosition()).isZero();
        }
    }

    @Test
    void syncAppendsCompleteOnlyAfterTheFlushAndShareOneForce() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).flushMode(FlushMode.SYNC).build())) {
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            for (int seq = 0; seq < 10; seq++) {
                futures.add(store.append(message(seq, "t", 0)));
            }
            long forcesBefore = store.flushCount();
            settle(store);
            assertThat(futures).allMatch(f -> f.join().isOk() && f.join().durability() == FlushMode.SYNC);
            assertThat(store.flushCount() - forcesBefore).isEqualTo(1); // ten appends, one group commit
            assertThat(store.flushedPosition()).isEqualTo(store.writtenPosition());
        }
    }

    @Test
    void syncAppendIsNotAcknowledgedBeforeItsForce() throws Exception {
        StoreConfig config = small(dir, clock).flushMode(FlushMode.SYNC).build();
        try (MessageStore store = MessageStore.open(config)) {
            CompletableFuture<AppendResult> f = store.append(message(0, "t", 0));
            store.runAgentsOnce(); // writer, then flusher, in one round
            assertThat(f).isDone();
            CompletableFuture<AppendResult> g = store.append(message(1, "t", 0));
            assertThat(g).isNotDone();
        }
    }

    @Test
    void asyncFlushHappensOnItsPeriod() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).flushInterval(Duration.ofMillis(500)).build())) {
            appendNow(store, message(0, "t", 0));
            assertThat(store.flushedPosition()).isLessThan(store.writtenPosition());
            clock.advance(Duration.ofMillis(500));
            settle(store);
            assertThat(store.flushedPosition()).isEqualTo(store.writtenPosition());
        }
    }

    @Test
    void cleanRestartScansNothingAndContinuesQueueOffsets() throws Exception {
        StoreConfig config = small(dir, clock).build();
        long end;
        try (MessageStore store = MessageStore.open(config)) {
            for (int seq = 0; seq < 25; seq++) {
                appendNow(store, message(seq, "t", seq % 2, 500));
            }
            end = store.writtenPosition();
        }
        try (MessageStore store = MessageStore.open(config)) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.cleanStart()).isTrue();
            assertThat(report.scannedFrom()).isEqualTo(end);
            assertThat(report.logEnd()).isEqualTo(end);
            assertThat(report.replayedFrom()).isEqualTo(end);
            assertThat(store.readRange("t", 0, 0, 100)).hasSize(13);
            assertThat(store.lookupById(TestMessages.id(24))).isPresent();
            AppendResult next = appendNow(store, message(25, "t", 1));
            assertThat(next.queueOffset()).isEqualTo(12);
            assertThat(next.commitLogOffset()).isEqualTo(end);
        }
    }

    @Test
    void appendsAfterCloseAreRefused() {
        MessageStore store = MessageStore.open(small(dir, clock).build());
        store.close();
        AppendResult r = store.append(message(0, "t", 0)).join();
        assertThat(r.status()).isEqualTo(AppendStatus.CLOSED);
    }

    @Test
    void oneStoreDirectoryIsOpenedOnce() {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            assertThatThrownBy(() -> MessageStore.open(small(dir, clock).build()))
                    .isInstanceOf(StoreException.class).hasMessageContaining("already open");
        }
    }

    @Test
    void retentionDeletesOldSegmentsAndTheEntriesPointingIntoThem() throws Exception {
        StoreConfig config = small(dir, clock).retention(Duration.ofHours(72)).retentionCheckInterval(Duration.ofSeconds(10)).build();
        try (MessageStore store = MessageStore.open(config)) {
            for (int seq = 0; seq < 30; seq++) {
                appendNow(store, message(seq, "old", 0, 1000));
            }
            clock.advance(Duration.ofHours(48));
            List<AppendResult> recent = new ArrayList<>();
            for (int seq = 30; seq < 60; seq++) {
                recent.add(appendNow(store, message(seq, "old", 0, 1000)));
            }
            long segmentsBefore = segmentCount();

            clock.advance(Duration.ofHours(25)); // the first batch is now 73 h old, the second 25 h
            settle(store);

            assertThat(segmentCount()).isLessThan(segmentsBefore);
            long min = store.minCommitLogOffset();
            assertThat(min).isPositive().isLessThanOrEqualTo(recent.get(0).commitLogOffset());
            long firstKept = store.minOffset("old", 0);
            assertThat(firstKept).isPositive();
            assertThat(store.read("old", 0, firstKept - 1)).isEmpty();
            assertThat(store.read("old", 0, firstKept)).hasValueSatisfying(m -> assertThat(m.commitLogOffset()).isGreaterThanOrEqualTo(min));
            for (AppendResult r : recent) { // nothing younger than retention is gone
                assertThat(store.read("old", 0, r.queueOffset())).isPresent();
            }
            assertThat(store.offsetForTime("old", 0, 0)).isEqualTo(firstKept);
        }
        try (MessageStore store = MessageStore.open(config)) { // and a restart agrees
            assertThat(store.read("old", 0, store.minOffset("old", 0))).isPresent();
            assertThat(store.readRange("old", 0, 0, 100)).last().satisfies(m -> assertThat(m.queueOffset()).isEqualTo(59));
        }
    }

    @Test
    void youngSegmentsAndUndispatchedOnesAreKept() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).retention(Duration.ofHours(1)).build())) {
            for (int seq = 0; seq < 30; seq++) {
                appendNow(store, message(seq, "t", 0, 1000));
            }
            long before = segmentCount();
            clock.advance(Duration.ofMinutes(59));
            settle(store);
            assertThat(segmentCount()).isEqualTo(before);
            assertThat(store.minOffset("t", 0)).isZero();
        }
    }

    private long segmentCount() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("commitlog"))) {
            return s.count();
        }
    }
}
