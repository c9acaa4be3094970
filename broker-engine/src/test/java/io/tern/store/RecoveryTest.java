package io.tern.store;

import io.tern.store.internal.RecordCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.tern.store.StoreFixture.appendNow;
import static io.tern.store.StoreFixture.crashCopy;
import static io.tern.store.StoreFixture.lastSegment;
import static io.tern.store.StoreFixture.small;
import static io.tern.store.TestMessages.matches;
import static io.tern.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery keeps exactly the valid prefix of the log and rebuilds what points into it. Crashes are made by copying
 * an open store's files ({@link StoreFixture#crashCopy}), then damaging the copy.
 */
class RecoveryTest {
    private static final int SEGMENT = 8 * 1024;

    @TempDir
    Path tmp;
    final TestClock clock = new TestClock(1_800_000_000_000L);

    /** Appends {@code count} messages over 3 queues of one topic with varied sizes; returns their results in order. */
    private List<AppendResult> fill(MessageStore store, int from, int count) throws Exception {
        List<AppendResult> results = new ArrayList<>();
        for (int seq = from; seq < from + count; seq++) {
            AppendResult r = appendNow(store, sized(seq));
            assertThat(r.isOk()).as("append %d: %s", seq, r.error()).isTrue();
            results.add(r);
        }
        return results;
    }

    private static MessageRecord sized(int seq) {
        return message(seq, "t", seq % 3, 50 + (seq * 97) % 900);
    }

    /** A store written to and left open: the crash copy sees no checkpoint past the initial one. */
    private Path crashedStore(String name, int count, List<AppendResult> out) throws Exception {
        Path live = tmp.resolve(name + "-live");
        try (MessageStore store = MessageStore.open(small(live, clock).build())) {
            out.addAll(fill(store, 0, count));
            return crashCopy(live, tmp.resolve(name));
        }
    }

    @Test
    void corruptedBytesInTheLastSegmentCutTheLogAtTheRecordHoldingTheFirstOne() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 25; round++) {
            List<AppendResult> appended = new ArrayList<>();
            Path dir = crashedStore("corrupt" + round, 40 + random.nextInt(40), appended);
            Path segment = lastSegment(dir);
            long segmentBase = Long.parseLong(segment.getFileName().toString());
            long written = appended.get(appended.size() - 1).commitLogOffset() + appended.get(appended.size() - 1).size();
            int writtenInSegment = (int) (written - segmentBase);

            int firstBad = Integer.MAX_VALUE;
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    int pos = random.nextInt(writtenInSegment);
                    f.seek(pos);
                    int old = f.read();
                    f.seek(pos);
                    f.write(old ^ (1 + random.nextInt(255)));
                    firstBad = Math.min(firstBad, pos);
                }
            }
            long badAt = segmentBase + firstBad;
            long expectedEnd = appended.stream().filter(r -> r.commitLogOffset() + r.size() > badAt)
                    .mapToLong(AppendResult::commitLogOffset).min().orElseThrow();

            assertRecoveredPrefix(dir, appended, expectedEnd, "round " + round + ", first corrupt byte at " + badAt);
        }
    }

    @Test
    void aSegmentCutAtAnyPointKeepsTheRecordsBeforeTheCut() throws Exception {
        Random random = new Random(12);
        for (int round = 0; round < 25; round++) {
            List<AppendResult> appended = new ArrayList<>();
            Path dir = crashedStore("cut" + round, 40 + random.nextInt(40), appended);
            Path segment = lastSegment(dir);
            long segmentBase = Long.parseLong(segment.getFileName().toString());
            long written = appended.get(appended.size() - 1).commitLogOffset() + appended.get(appended.size() - 1).size();
            int cut = random.nextInt((int) (written - segmentBase) + 1);
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.setLength(cut);
            }
            long cutAt = segmentBase + cut;
            long expectedEnd = appended.stream().filter(r -> r.commitLogOffset() + r.size() > cutAt)
                    .mapToLong(AppendResult::commitLogOffset).min().orElse(written);

            assertRecoveredPrefix(dir, appended, expectedEnd, "round " + round + ", cut at " + cutAt);
        }
    }

    @Test
    void lostSegmentsAfterACorruptOneAreDroppedAndOffsetsReused() throws Exception {
        List<AppendResult> appended = new ArrayList<>();
        Path dir = crashedStore("middle", 60, appended);
        // corrupt the first record of the second segment: everything from there is gone
        long secondSegmentFirst = appended.stream().mapToLong(AppendResult::commitLogOffset).filter(o -> o >= SEGMENT).min().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("commitlog").resolve(String.format("%020d", SEGMENT)).toFile(), "rw")) {
            f.seek(secondSegmentFirst - SEGMENT + 30);
            f.write(0xEE);
        }
        assertRecoveredPrefix(dir, appended, secondSegmentFirst, "corrupt first record of segment 2");
    }

    /** Opens the damaged store and checks it holds exactly the records before {@code expectedEnd}, then takes new ones. */
    private void assertRecoveredPrefix(Path dir, List<AppendResult> appended, long expectedEnd, String what) throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.cleanStart()).as(what).isFalse();
            assertThat(report.logEnd()).as("%s: recovered end", what).isEqualTo(expectedEnd);
            long[] expectedMax = new long[3];
            for (int seq = 0; seq < appended.size(); seq++) {
                AppendResult r = appended.get(seq);
                MessageRecord m = sized(seq);
                if (r.commitLogOffset() < expectedEnd) {
                    assertThat(store.read("t", m.queueId(), r.queueOffset())).as("%s: seq %d", what, seq)
                            .hasValueSatisfying(s -> assertThat(matches(s, m)).isTrue());
                    assertThat(store.lookupById(m.id())).as("%s: id of seq %d", what, seq).isPresent();
                    expectedMax[m.queueId()] = r.queueOffset() + 1;
                } else {
                    assertThat(store.readAt(r.commitLogOffset())).as("%s: cut seq %d", what, seq).isEmpty();
                    assertThat(store.lookupById(m.id())).as("%s: id of cut seq %d", what, seq).isEmpty();
                }
            }
            for (int q = 0; q < 3; q++) {
                assertThat(store.maxOffset("t", q)).as("%s: queue %d length", what, q).isEqualTo(expectedMax[q]);
            }
            // the store goes on where the valid log ends
            MessageRecord more = message(10_000, "t", 0);
            long remaining = SEGMENT - expectedEnd % SEGMENT;
            long nextAt = RecordCodec.encodedSize(more) + 8 <= remaining ? expectedEnd : expectedEnd + remaining;
            AppendResult next = appendNow(store, more);
            assertThat(next.commitLogOffset()).as(what).isEqualTo(nextAt);
            assertThat(next.queueOffset()).as(what).isEqualTo(expectedMax[0]);
        }
    }

    @Test
    void deletedConsumeQueuesAndIndexAreRebuiltAfterACleanStop() throws Exception {
        Path dir = tmp.resolve("clean");
        List<AppendResult> appended;
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            appended = fill(store, 0, 120);
        }
        deleteTree(dir.resolve("consumequeue"));
        deleteTree(dir.resolve("index"));

        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            assertThat(store.recoveryReport().queuesRebuilt()).isEqualTo(3);
            assertEverythingReadable(store, appended);
        }
    }

    @Test
    void consumeQueueAndIndexFilesCutAtRandomAreRebuilt() throws Exception {
        Random random = new Random(13);
        for (int round = 0; round < 10; round++) {
            Path dir = tmp.resolve("cutcq" + round);
            List<AppendResult> appended;
            try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
                appended = fill(store, 0, 100);
            }
            Path cqFile = randomFile(dir.resolve("consumequeue"), random);
            Path indexFile = randomFile(dir.resolve("index"), random);
            for (Path p : List.of(cqFile, indexFile)) {
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
                    f.setLength(random.nextInt((int) f.length()));
                }
            }
            try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
                assertEverythingReadable(store, appended);
            }
        }
    }

    @Test
    void queuesAndIndexAreRebuiltAfterACrashWithoutACheckpoint() throws Exception {
        List<AppendResult> appended = new ArrayList<>();
        Path dir = crashedStore("nocp", 90, appended);
        Files.delete(dir.resolve("checkpoint"));
        deleteTree(dir.resolve("consumequeue"));
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            assertThat(store.recoveryReport().checkpointUsed()).isFalse();
            assertEverythingReadable(store, appended);
        }
    }

    @Test
    void entriesDispatchedAfterTheCheckpointArePutBackExactlyOnce() throws Exception {
        Path live = tmp.resolve("aftercp-live");
        List<AppendResult> appended = new ArrayList<>();
        try (MessageStore store = MessageStore.open(small(live, clock).build())) {
            appended.addAll(fill(store, 0, 30));
            clock.advance(java.time.Duration.ofSeconds(5));
            StoreFixture.settle(store); // checkpoint at 30 records
            appended.addAll(fill(store, 30, 30)); // dispatched, not checkpointed
            crashCopy(live, tmp.resolve("aftercp"));
        }
        try (MessageStore store = MessageStore.open(small(tmp.resolve("aftercp"), clock).build())) {
            RecoveryReport report = store.recoveryReport();
            assertThat(report.checkpointUsed()).isTrue();
            assertThat(report.scannedFrom()).isEqualTo(appended.get(30).commitLogOffset());
            assertThat(report.queuesRebuilt()).isZero();
            assertEverythingReadable(store, appended);
            assertThat(store.lookupByKey("t", "key-45", 10)).hasSize(1);
        }
    }

    @Test
    void theCheckpointAdvancesUnderAsyncLoadEvenWhenThePeriodicFlushLagsBehind() throws Exception {
        Path live = tmp.resolve("lag-live");
        StoreConfig config = small(live, clock).flushInterval(java.time.Duration.ofHours(1)).build();
        try (MessageStore store = MessageStore.open(config)) {
            List<AppendResult> appended = fill(store, 0, 40);
            assertThat(store.flushedPosition()).isLessThan(store.writtenPosition());
            clock.advance(java.time.Duration.ofSeconds(2)); // past checkpointInterval, far short of flushInterval
            StoreFixture.settle(store);
            assertThat(store.flushedPosition()).isEqualTo(store.writtenPosition());
            crashCopy(live, tmp.resolve("lag"));
            long end = store.writtenPosition();
            try (MessageStore recovered = MessageStore.open(small(tmp.resolve("lag"), clock).build())) {
                assertThat(recovered.recoveryReport().scannedFrom()).isEqualTo(end);
                assertEverythingReadable(recovered, appended);
            }
        }
    }

    private static void assertEverythingReadable(MessageStore store, List<AppendResult> appended) {
        long[] lengths = new long[3];
        for (int seq = 0; seq < appended.size(); seq++) {
            MessageRecord m = sized(seq);
            AppendResult r = appended.get(seq);
            assertThat(store.read("t", m.queueId(), r.queueOffset())).as("seq %d", seq)
                    .hasValueSatisfying(s -> assertThat(matches(s, m)).isTrue());
            assertThat(store.lookupById(m.id())).as("id of seq %d", seq).isPresent();
            assertThat(store.lookupByKey("t", "key-" + seq, 5)).as("key of seq %d", seq).hasSize(1);
            lengths[m.queueId()]++;
        }
        for (int q = 0; q < 3; q++) {
            assertThat(store.maxOffset("t", q)).isEqualTo(lengths[q]);
        }
    }

    private static Path randomFile(Path root, Random random) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            return files.get(random.nextInt(files.size()));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
