package io.tern.store;

import io.tern.store.internal.RecordCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.tern.store.StoreFixture.appendNow;
import static io.tern.store.StoreFixture.small;
import static io.tern.store.TestMessages.matches;
import static io.tern.store.TestMessages.message;
import static org.assertj.core.api.Assertions.assertThat;

/** An I/O error while writing fails exactly the appends it hit and loses nothing acknowledged before. */
class WriteFailureTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_800_000_000_000L);

    @Test
    void aSegmentThatCannotBeCreatedFailsTheAppendsThatNeedItOnly() throws Exception {
        try (MessageStore store = MessageStore.open(small(dir, clock).build())) {
            // fill the first 8 KiB segment until the next record (and its end marker) no longer fits
            List<AppendResult> acked = new ArrayList<>();
            long nextSize = RecordCodec.encodedSize(message(0, "t", 0, 1000));
            while (acked.isEmpty() || last(acked) + nextSize + 8 <= 8192) {
                acked.add(appendNow(store, message(acked.size(), "t", 0, 1000)));
            }
            assertThat(acked).allMatch(AppendResult::isOk);
            int n = acked.size();
            // a directory where the second segment's file must go: creating it fails with an IOException
            Path blocker = dir.resolve("commitlog").resolve(String.format("%020d", 8192));
            Files.createDirectory(blocker);

            AppendResult failed = appendNow(store, message(n, "t", 0, 1000));
            assertThat(failed.status()).isEqualTo(AppendStatus.IO_ERROR);
            assertThat(failed.error()).contains("writing the commit log at offset").contains("nothing of this append was stored");

            Files.delete(blocker);
            AppendResult retried = appendNow(store, message(n, "t", 0, 1000));
            assertThat(retried.isOk()).isTrue();
            assertThat(retried.queueOffset()).isEqualTo(n); // the failed append gave its queue offset back
            assertThat(retried.commitLogOffset()).isEqualTo(8192);
            for (int seq = 0; seq <= n; seq++) {
                int s = seq;
                assertThat(store.read("t", 0, seq)).hasValueSatisfying(m -> assertThat(matches(m, message(s, "t", 0, 1000))).isTrue());
            }
        }
    }

    private static long last(List<AppendResult> results) {
        AppendResult r = results.get(results.size() - 1);
        return r.commitLogOffset() + r.size();
    }

    /**
     * After a failed fsync the kernel may report the next one as a success for pages it dropped ("fsyncgate"):
     * the store claims nothing durable any more, says why, and shows when in its stats (issue 11, item 7).
     */
    @Test
    void afterAFailedFsyncNoWriteIsClaimedDurableAgain() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failForce = new java.util.concurrent.atomic.AtomicBoolean();
        ForceHook hook = segment -> {
            if (failForce.get()) {
                throw new java.io.IOException("Input/output error (injected)");
            }
        };
        try (MessageStore store = MessageStore.open(small(dir, clock).flushMode(FlushMode.SYNC).forceHook(hook).build())) {
            AppendResult before = appendNow(store, message(0, "t", 0));
            assertThat(before.isOk()).isTrue();
            assertThat(before.durability()).isEqualTo(FlushMode.SYNC);
            assertThat(store.fsyncFailedAt()).isZero();

            failForce.set(true);
            AppendResult hit = appendNow(store, message(1, "t", 0));
            assertThat(hit.status()).isEqualTo(AppendStatus.IO_ERROR);
            assertThat(hit.error()).contains("fsync of the commit log failed").contains("Input/output error (injected)");
            assertThat(store.fsyncFailedAt()).isPositive();

            failForce.set(false); // the disk "recovers": its next fsync would report success
            AppendResult after = appendNow(store, message(2, "t", 0));
            assertThat(after.status()).isEqualTo(AppendStatus.IO_ERROR);
            assertThat(after.error()).contains("claims no durable write any more").contains("restart the broker");
            java.util.concurrent.CompletableFuture<Long> flushed = store.flush();
            StoreFixture.settle(store);
            assertThat(flushed).isCompletedExceptionally();
            assertThat(store.flushedPosition()).as("never moves past what was really forced").isEqualTo(before.commitLogOffset() + before.size());
        }
    }
}
