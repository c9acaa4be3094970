package io.tern.bench;

import io.tern.client.internal.PriorityBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The offset-mode consumer's buffer against the {@link LinkedBlockingQueue} it replaced and against the obvious
 * alternative, a {@link PriorityBlockingQueue} ordered by (priority desc, arrival counter asc), on one thread: one
 * operation is one message offered and one taken, with {@code backlog} messages already waiting (32: one pull batch;
 * 1,000: the default per-queue cache; 8,000: a consumer that owns 8 queues with full caches; a heap's depth is log2 of
 * that, 5 to 13 levels). Priorities are drawn uniformly from 0-9 with a fixed seed, so after warm-up the backlog holds
 * mostly low priorities and a new message often overtakes it, as in the case the buffer exists for.
 * The consumer's other per-message work (decoding, the skip-list of buffered offsets) is not measured here.
 *
 * <p>Run (about 1 minute: 3 methods x 3 backlogs x ~6 s):
 * <pre>
 *   mvn -B -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar PriorityBufferBenchmark -f 1 -wi 1 -i 2 -w 2s -r 2s
 * </pre>
 *
 * <p>Target: well above what a consumer receives: a filtered pull over the network scanned about 650,000 messages/s
 * ({@code tern bench consume --selector}); at 5,000,000 operations/s the buffer would take an eighth of one core at
 * that rate.
 *
 * <p>Measured on the shared 2-vCPU VM (load average 6-8 from other work, so runs differ by up to 2x), million ops/s
 * at backlog 32 / 1,000 / 8,000:
 * <pre>
 *   priorityBuffer         24-34 / 21-31 / 20-32   (ten FIFOs: flat, no allocation)
 *   linkedBlockingQueue    10-23 /  8-25 /  6-16   (what the consumer used before priorities)
 *   priorityBlockingQueue   5-16 /  4-12 / 1.3-4.0 (a heap: log n steps and an entry object per message)
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PriorityBufferBenchmark {
    private static final int DRAWS = 1 << 12; // pre-drawn priorities, taken in turn
    private static final Object MESSAGE = new Object();

    @Param({"32", "1000", "8000"})
    int backlog;

    private final int[] priorities = new int[DRAWS];
    private int next;
    private PriorityBuffer<Object> buffer;
    private LinkedBlockingQueue<Object> fifo;
    private PriorityBlockingQueue<Entry> heap;
    private long arrivals;

    private record Entry(Object item, int priority, long arrival) {
    }

    private static final Comparator<Entry> HEAP_ORDER = Comparator.comparingInt((Entry e) -> -e.priority)
            .thenComparingLong(Entry::arrival);

    @Setup(Level.Trial)
    public void fill() {
        Random random = new Random(42);
        for (int i = 0; i < DRAWS; i++) {
            priorities[i] = random.nextInt(10);
        }
        buffer = new PriorityBuffer<>();
        fifo = new LinkedBlockingQueue<>();
        heap = new PriorityBlockingQueue<>(64, HEAP_ORDER);
        for (int i = 0; i < backlog; i++) {
            int p = priority();
            buffer.offer(MESSAGE, p);
            fifo.offer(MESSAGE);
            heap.offer(new Entry(MESSAGE, p, arrivals++));
        }
    }

    private int priority() {
        return priorities[next++ & (DRAWS - 1)];
    }

    @Benchmark
    public Object priorityBuffer() {
        buffer.offer(MESSAGE, priority());
        return buffer.poll();
    }

    @Benchmark
    public Object priorityBlockingQueue() {
        heap.offer(new Entry(MESSAGE, priority(), arrivals++));
        return heap.poll().item();
    }

    @Benchmark
    public Object linkedBlockingQueue() {
        fifo.offer(MESSAGE);
        return fifo.poll();
    }
}
