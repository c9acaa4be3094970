package io.tern.bench;

import io.tern.store.AppendResult;
import io.tern.store.FlushMode;
import io.tern.store.MessageStore;
import io.tern.store.StoreConfig;
import io.tern.store.StoredMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Sequential read throughput of the {@link MessageStore}, as a consumer catching up sees it: one operation reads a
 * batch of {@value #BATCH} records with {@code readRange(topic, queueId, offset, 32)}, which looks the offsets up in the
 * consume queue, reads each record from the commit log, checks its CRC and decodes it (body copied). The score is in
 * records/s ({@code @OperationsPerInvocation(32)}).
 *
 * <p>Setup fills a fresh store with {@value #RECORDS} records of a 1 KiB body ({@link BenchMessages}, ~225 MB, so the
 * log stays in the page cache: this measures the store's CPU cost, not the disk) spread round-robin over
 * {@value #QUEUES} queues, and waits until all are dispatched. Each reading thread then cycles through the queues,
 * moving {@value #BATCH} offsets on after each full round and starting over at the end of the queues. A batch that
 * comes back short is counted and printed at the end of the trial: a benchmark does not assert, but a broken run
 * must be visible.
 *
 * <p>Run (about 30 s):
 * <pre>
 *   cd /work/wt-bench &amp;&amp; mvn -B -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar StoreReadBenchmark -f 1 -wi 2 -i 3 -w 3s -r 5s
 *   java -jar benchmarks/target/benchmarks.jar StoreReadBenchmark -t 2      # two readers
 * </pre>
 *
 * <p>Target: more than 500,000 records/s with one reading thread.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreReadBenchmark {
    static final int RECORDS = 200_000;
    static final int QUEUES = 4;
    static final int BATCH = 32;
    private static final int PER_QUEUE = RECORDS / QUEUES;
    /** Appends in flight while filling: enough for the writer to batch, far below the writer queue's 16,384 limit. */
    private static final int FILL_WINDOW = 1024;
    /** Dispatching 200,000 records takes about a second; a minute means the dispatcher is stuck. */
    private static final long DISPATCH_DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder shortBatches = new LongAdder();
    private ScratchDirectory dir;
    private MessageStore store;

    /** Where one reading thread is: the queue it reads next and the offset of its current round. */
    @State(Scope.Thread)
    public static class Cursor {
        int queueId;
        long offset;

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            // spread readers over the log instead of having them all read the same records
            offset = (long) thread.getThreadIndex() * PER_QUEUE / thread.getThreadCount() / BATCH * BATCH;
        }

        void advance() {
            queueId++;
            if (queueId == QUEUES) {
                queueId = 0;
                offset += BATCH;
                if (offset + BATCH > PER_QUEUE) {
                    offset = 0;
                }
            }
        }
    }

    @Setup(Level.Trial)
    public void fillStore() {
        dir = ScratchDirectory.create("tern-read-");
        store = MessageStore.open(StoreConfig.builder(dir.path()).flushMode(FlushMode.ASYNC).segmentSize(256L << 20).build());
        append(RECORDS);
        awaitDispatch();
    }

    private void append(int count) {
        BenchMessages messages = new BenchMessages(42);
        List<CompletableFuture<AppendResult>> window = new ArrayList<>(FILL_WINDOW);
        for (int i = 0; i < count; i++) {
            window.add(store.append(messages.next(i % QUEUES)));
            if (window.size() == FILL_WINDOW || i == count - 1) {
                for (CompletableFuture<AppendResult> f : window) {
                    AppendResult r = f.join();
                    if (!r.isOk()) {
                        throw new IllegalStateException("filling the store failed: " + r.status() + " " + r.error());
                    }
                }
                window.clear();
            }
        }
    }

    /** Setup only: there is no dispatch listener in the store's API, so poll its queues' ends. */
    private void awaitDispatch() {
        long deadline = System.nanoTime() + DISPATCH_DEADLINE_NANOS;
        for (int q = 0; q < QUEUES; q++) {
            while (store.maxOffset(BenchMessages.TOPIC, q) < PER_QUEUE) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("queue " + q + " holds " + store.maxOffset(BenchMessages.TOPIC, q)
                            + " of " + PER_QUEUE + " records a minute after the appends completed; dispatched to "
                            + store.dispatchedPosition() + " of " + store.writtenPosition());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    @TearDown(Level.Trial)
    public void closeStore() {
        try {
            store.close();
        } finally {
            dir.close();
        }
        System.out.printf("%n[StoreReadBenchmark] batches shorter than %d records: %,d%n", BATCH, shortBatches.sum());
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<StoredMessage> readBatch(Cursor c) {
        List<StoredMessage> batch = store.readRange(BenchMessages.TOPIC, c.queueId, c.offset, BATCH);
        if (batch.size() != BATCH) {
            shortBatches.increment();
        }
        c.advance();
        return batch;
    }
}
