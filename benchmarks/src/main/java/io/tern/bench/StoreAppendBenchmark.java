package io.tern.bench;

import io.tern.store.AppendResult;
import io.tern.store.FlushMode;
import io.tern.store.MessageStore;
import io.tern.store.StoreConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Append throughput and latency of the {@link MessageStore}: one operation is one append of a 1 KiB-body record
 * ({@link BenchMessages}, ~1,120 bytes in the log) awaited with {@code join()}, so each thread has exactly one append
 * in flight, like a producer sending synchronously. Everything the store does per append is inside the measurement:
 * validation, the hand-off to the writer thread, encoding, the {@code write()}, for SYNC the {@code force()}, and the
 * completion back to the appender. The dispatcher and the other agents run alongside, as in the broker.
 *
 * <p>Parameters: {@code flushMode} = ASYNC (acknowledged once in the page cache) or SYNC (acknowledged once forced;
 * concurrent appends share one force, group commit). Each thread count has its own methods, because an
 * operation's throughput reads best in ops/s and its latency in us/op:
 * <ul>
 *   <li>{@code throughputNNThreads}: appends/s with NN = 1, 4, 16 appending threads;</li>
 *   <li>{@code latencyNNThreads}: the sampled latency of one append, with p50/p90/p99/p99.9 percentiles;</li>
 *   <li>{@code pipelined16Threads}: a diagnostic, not a target: 16 threads with {@value #WINDOW} appends in flight
 *       each, so that the writer's own capacity shows without one thread wake-up per append (see below).</li>
 * </ul>
 * Each trial gets a fresh store in a temporary directory (256 MiB segments, deleted afterwards). At the end of each
 * trial the fork prints one line with the appends counted during measurement iterations, any that were not OK
 * (a broken run shows there: a benchmark does not assert), the log forces and their ratio: for SYNC that is the
 * number of records per group commit; for ASYNC the forces are the periodic ones.
 *
 * <p>Run (about 6 minutes: 2 modes x 7 methods x ~25 s):
 * <pre>
 *   cd /work/wt-bench &amp;&amp; mvn -B -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar StoreAppendBenchmark -f 1 -wi 2 -i 3 -w 3s -r 5s
 *   java -jar benchmarks/target/benchmarks.jar 'StoreAppendBenchmark.throughput' -p flushMode=SYNC    # a subset
 * </pre>
 *
 * <p>Targets:
 * <ul>
 *   <li>ASYNC: more than 300,000 appends/s (at 16 threads: the writer batches whatever is queued into one write).</li>
 *   <li>SYNC, 16 threads: within a factor of 2 of (the disk's fsyncs/s, from {@link FsyncBenchmark}) x (the records
 *       per group commit printed at the end of the trial). A disk that does 2,000 fsyncs/s with 12 records per
 *       force should give at least 12,000 appends/s.</li>
 * </ul>
 *
 * <p>Reading the numbers: with one append in flight per thread, every append parks its thread and the writer (ASYNC)
 * or the flusher (SYNC) unparks it again, one futex wake each, done serially on that agent's thread. On a 2-vCPU VM
 * that hand-off, not the store's encoding or I/O, sets the ceiling: a bare queue + {@code CompletableFuture} hand-off
 * with no store behind it managed about 215,000/s at 16 threads there. Compare with {@code pipelined16Threads}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class StoreAppendBenchmark {
    /** 256 MiB: at ~300 MB/s of ASYNC appends a segment rolls every second or so, so rolls are measured too. */
    private static final long SEGMENT_SIZE = 256L << 20;
    /** Appending threads spread over this many queues of the one topic, as producers spread over a topic's queues. */
    private static final int QUEUES = 4;
    /** Appends in flight per thread in {@link #pipelined16Threads}: 16 x 32 = 512 queued at most, far below the 16,384 limit. */
    private static final int WINDOW = 32;

    @Param({"ASYNC", "SYNC"})
    public FlushMode flushMode;

    private final LongAdder ok = new LongAdder();
    private final LongAdder notOk = new LongAdder();
    private volatile String lastFailure;
    private ScratchDirectory dir;
    private MessageStore store;
    // iteration setup/teardown run on one thread between iterations: plain fields suffice
    private boolean measuring;
    private long appendsAtIterationStart;
    private long forcesAtIterationStart;
    private long measuredAppends;
    private long measuredForces;

    /** One appender per benchmark thread: its own message source and queue. */
    @State(Scope.Thread)
    public static class Appender {
        BenchMessages messages;
        int queueId;
        final List<CompletableFuture<AppendResult>> window = new ArrayList<>(WINDOW);

        @Setup(Level.Trial)
        public void setUp(ThreadParams thread) {
            messages = new BenchMessages(thread.getThreadIndex());
            queueId = thread.getThreadIndex() % QUEUES;
        }
    }

    @Setup(Level.Trial)
    public void openStore() {
        dir = ScratchDirectory.create("tern-append-");
        store = MessageStore.open(StoreConfig.builder(dir.path()).flushMode(flushMode).segmentSize(SEGMENT_SIZE).build());
    }

    @Setup(Level.Iteration)
    public void markIteration(IterationParams iteration) {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        appendsAtIterationStart = ok.sum();
        forcesAtIterationStart = store.flushCount();
    }

    @TearDown(Level.Iteration)
    public void countIteration() {
        if (measuring) {
            measuredAppends += ok.sum() - appendsAtIterationStart;
            measuredForces += store.flushCount() - forcesAtIterationStart;
        }
    }

    @TearDown(Level.Trial)
    public void closeStore(BenchmarkParams params) {
        try {
            store.close();
        } finally {
            dir.close();
        }
        System.out.printf("%n[%s %s, %d threads] measured: %,d appends OK, %,d forces, %.1f records per force%s; not OK: %,d%s%n",
                params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1), flushMode, params.getThreads(),
                measuredAppends, measuredForces, (double) measuredAppends / Math.max(1, measuredForces),
                flushMode == FlushMode.SYNC ? " (group commit)" : " (periodic flushes)",
                notOk.sum(), lastFailure == null ? "" : " (last: " + lastFailure + ")");
    }

    private AppendResult append(Appender a) {
        return count(store.append(a.messages.next(a.queueId)).join());
    }

    private AppendResult count(AppendResult r) {
        if (r.isOk()) {
            ok.increment();
        } else {
            notOk.increment();
            lastFailure = r.status() + " " + r.error();
        }
        return r;
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AppendResult throughput01Threads(Appender a) {
        return append(a);
    }

    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AppendResult throughput04Threads(Appender a) {
        return append(a);
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public AppendResult throughput16Threads(Appender a) {
        return append(a);
    }

    /**
     * Not one of the targets' shapes: each thread submits {@value #WINDOW} appends, then awaits them all, as a broker's
     * network thread would (it does not block on each append). Completions then rarely have to wake a parked thread,
     * so this shows what the store's writer can do when the per-append park/unpark is taken out.
     */
    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(WINDOW)
    public void pipelined16Threads(Appender a, Blackhole bh) {
        for (int i = 0; i < WINDOW; i++) {
            a.window.add(store.append(a.messages.next(a.queueId)));
        }
        for (CompletableFuture<AppendResult> f : a.window) {
            bh.consume(count(f.join()));
        }
        a.window.clear();
    }

    @Benchmark
    @Threads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AppendResult latency01Threads(Appender a) {
        return append(a);
    }

    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AppendResult latency04Threads(Appender a) {
        return append(a);
    }

    @Benchmark
    @Threads(16)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public AppendResult latency16Threads(Appender a) {
        return append(a);
    }
}
