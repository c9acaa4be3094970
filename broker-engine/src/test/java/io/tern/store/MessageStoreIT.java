package io.tern.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.tern.store.TestMessages.matches;
import static io.tern.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The store with its agents on their own threads, appended to from many threads at once. */
class MessageStoreIT {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @TempDir
    Path dir;

    private StoreConfig config(FlushMode mode) {
        return StoreConfig.builder(dir).flushMode(mode).segmentSize(256 * 1024).maxMessageSize(8 * 1024)
                .consumeQueueFileEntries(1000).indexSlots(1024).indexEntries(4096)
                .checkpointInterval(Duration.ofMillis(50)).build();
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    void concurrentAppendersGetContiguousQueueOffsetsAndEveryMessageReadsBack(FlushMode mode) throws Exception {
        List<AppendResult> results = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config(mode))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<List<AppendResult>>> work = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> appendAll(store, thread)));
                }
                for (Future<List<AppendResult>> f : work) {
                    results.addAll(f.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.error()).isEqualTo(AppendStatus.OK));
            assertThat(results).allMatch(r -> r.durability() == mode);
            if (mode == FlushMode.SYNC) {
                assertThat(store.flushedPosition()).isEqualTo(store.writtenPosition());
            }
            long end = store.writtenPosition();
            await().atMost(Duration.ofSeconds(30)).until(() -> store.dispatchedPosition() == end);
            assertAllReadable(store);
        }
        try (MessageStore store = MessageStore.open(config(mode))) {
            assertThat(store.recoveryReport().cleanStart()).isTrue();
            assertAllReadable(store);
        }
    }

    private static List<AppendResult> appendAll(MessageStore store, int thread) {
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int i = 0; i < PER_THREAD; i++) {
            long seq = (long) thread * PER_THREAD + i;
            futures.add(store.append(message(seq, "load", (int) (seq % 4), 200 + (int) (seq % 700))));
            if (futures.size() % 64 == 0) {
                futures.get(futures.size() - 1).join(); // keep the queue short of BUSY
            }
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static void assertAllReadable(MessageStore store) {
        Set<Long> seen = new HashSet<>();
        for (int q = 0; q < 4; q++) {
            List<StoredMessage> all = store.readRange("load", q, 0, THREADS * PER_THREAD);
            assertThat(store.maxOffset("load", q)).isEqualTo(all.size());
            for (int i = 0; i < all.size(); i++) {
                StoredMessage m = all.get(i);
                long seq = (Long) m.message().properties().get("seq");
                assertThat(m.queueOffset()).isEqualTo(i);
                assertThat(matches(m, message(seq, "load", (int) (seq % 4), 200 + (int) (seq % 700)))).isTrue();
                assertThat(seen.add(seq)).isTrue();
            }
        }
        assertThat(seen).hasSize(THREADS * PER_THREAD);
    }

    @Test
    void closeWhileAppendingAnswersEveryAppendAndLosesNoAcknowledgedOne() throws Exception {
        MessageStore store = MessageStore.open(config(FlushMode.SYNC));
        List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
        for (int seq = 0; seq < 2000; seq++) {
            futures.add(store.append(message(seq, "c", 0)));
        }
        store.close();
        List<AppendResult> results = futures.stream().map(CompletableFuture::join).toList();
        assertThat(results).allMatch(r -> r.status() == AppendStatus.OK || r.status() == AppendStatus.CLOSED
                || r.status() == AppendStatus.BUSY);
        long acked = results.stream().filter(AppendResult::isOk).count();
        try (MessageStore reopened = MessageStore.open(config(FlushMode.SYNC))) {
            assertThat(reopened.recoveryReport().cleanStart()).isTrue();
            assertThat(reopened.maxOffset("c", 0)).isEqualTo(acked);
            for (AppendResult r : results) {
                if (r.isOk()) {
                    assertThat(reopened.read("c", 0, r.queueOffset())).isPresent();
                }
            }
        }
    }
}
