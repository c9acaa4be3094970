package io.tern.broker.internal.journal;

import io.tern.broker.internal.transaction.TxRecord;
import io.tern.store.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A journal write or force that fails must not hide what is journaled after it from replay (issue 11, item 7). */
class GroupCommitJournalFailureTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_000_000);

    @Test
    void aTornWriteEndsOnlyItsFileAndLaterRecordsAreReplayed() throws Exception {
        AtomicBoolean tearNext = new AtomicBoolean();
        GroupCommitJournal j = journal(f -> new Tearing(f, tearNext, false));
        assertThat(append(j, "before")).isCompleted();
        tearNext.set(true);
        CompletableFuture<Void> torn = append(j, "torn");
        assertThat(torn).isCompletedExceptionally();
        assertThat(append(j, "after")).isCompleted();

        assertThat(replayAll()).containsExactly("before", "after");
    }

    @Test
    void aFailedForceIsNotAnsweredAndTheJournalGoesOnInANewFile() throws Exception {
        AtomicBoolean failForce = new AtomicBoolean();
        GroupCommitJournal j = journal(f -> new Tearing(f, failForce, true));
        assertThat(append(j, "before")).isCompleted();
        failForce.set(true);
        assertThat(append(j, "unforced")).isCompletedExceptionally();
        assertThat(append(j, "after")).isCompleted();

        List<String> replayed = replayAll();
        assertThat(replayed).startsWith("before").endsWith("after");
        assertThat(files()).as("the failed file is never forced again: later records are in another one").hasSize(2);
    }

    private GroupCommitJournal journal(GroupCommitJournal.ChannelOpener opener) throws IOException {
        return new GroupCommitJournal("test-journal", dir, 0, clock, Duration.ofHours(1), (d, seq) -> { }, true,
                f -> opener.open(f));
    }

    private static CompletableFuture<Void> append(GroupCommitJournal j, String txId) {
        CompletableFuture<Void> f = j.append(TxRecord.of(TxRecord.COMMIT, txId, 1).encode());
        j.doWork();
        return f;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> GroupCommitJournal.journalSeq(f) >= 0).sorted().toList();
        }
    }

    /** What recovery reads: every journal file in order, each up to its first record that does not check out. */
    private List<String> replayAll() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : files()) {
            ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(f));
            TxRecord r;
            while ((r = TxRecord.read(in)) != null) {
                out.add(r.txId());
            }
        }
        return out;
    }

    /** A real file channel whose next write stores only half its bytes and fails (or whose next force fails) while armed. */
    private static final class Tearing extends FileChannel {
        private final FileChannel file;
        private final AtomicBoolean armed;
        private final boolean atForce;

        Tearing(Path f, AtomicBoolean armed, boolean atForce) throws IOException {
            this.file = GroupCommitJournal.ChannelOpener.FILES.open(f);
            this.armed = armed;
            this.atForce = atForce;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (!atForce && armed.getAndSet(false)) {
                ByteBuffer first = srcs[offset];
                ByteBuffer half = first.duplicate().limit(first.position() + first.remaining() / 2);
                file.write(half);
                throw new IOException("No space left on device (injected)");
            }
            return file.write(srcs, offset, length);
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (atForce && armed.getAndSet(false)) {
                throw new IOException("Input/output error (injected fsync failure)");
            }
            file.force(metaData);
        }

        @Override public int write(ByteBuffer src) throws IOException { return file.write(src); }
        @Override public int read(ByteBuffer dst) throws IOException { return file.read(dst); }
        @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return file.read(dsts, offset, length); }
        @Override public long position() throws IOException { return file.position(); }
        @Override public FileChannel position(long p) throws IOException { file.position(p); return this; }
        @Override public long size() throws IOException { return file.size(); }
        @Override public FileChannel truncate(long size) throws IOException { file.truncate(size); return this; }
        @Override public long transferTo(long p, long c, WritableByteChannel t) throws IOException { return file.transferTo(p, c, t); }
        @Override public long transferFrom(ReadableByteChannel s, long p, long c) throws IOException { return file.transferFrom(s, p, c); }
        @Override public int read(ByteBuffer dst, long p) throws IOException { return file.read(dst, p); }
        @Override public int write(ByteBuffer src, long p) throws IOException { return file.write(src, p); }
        @Override public MappedByteBuffer map(MapMode m, long p, long s) throws IOException { return file.map(m, p, s); }
        @Override public FileLock lock(long p, long s, boolean sh) throws IOException { return file.lock(p, s, sh); }
        @Override public FileLock tryLock(long p, long s, boolean sh) throws IOException { return file.tryLock(p, s, sh); }
        @Override protected void implCloseChannel() throws IOException { file.close(); }
    }
}
