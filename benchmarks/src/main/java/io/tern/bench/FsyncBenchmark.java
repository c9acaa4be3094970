package io.tern.bench;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The disk's raw fsync rate, the yardstick for SYNC appends: one operation writes 1 KiB at the end of what was written
 * and calls {@code force(false)} (fdatasync), as the store's flusher does for a one-record group commit. The file is
 * sparse and 1 GiB long, like a fresh commit-log segment, so each fsync also commits the block allocation of new
 * data, as in the store; at 1 KiB per op it wraps only after 1,048,576 fsyncs, beyond any trial at less than
 * 50,000 fsyncs/s.
 *
 * <p>{@code fsyncThroughput} gives fsyncs/s; {@code fsyncLatency} the time of one write + fsync with percentiles.
 * {@code writeSize} is 1 KiB, one record; {@code -p writeSize=12288} writes what a 16-thread SYNC group commit
 * forces (about 11 records), to see how much of a group commit's cost is the fsync of more data.
 * Each trial uses a fresh file in {@code java.io.tmpdir}, which must be on the store's disk (it is by default: both
 * use it), deleted afterwards.
 *
 * <p>Run (about a minute):
 * <pre>
 *   cd /work/wt-bench &amp;&amp; mvn -B -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar FsyncBenchmark -f 1 -wi 2 -i 3 -w 3s -r 5s
 * </pre>
 * The SYNC target of {@link StoreAppendBenchmark} is: appends/s at 16 threads at least half of
 * (fsyncs/s from here) x (records per group commit printed by that benchmark).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class FsyncBenchmark {
    private static final int FILE_SIZE = 1 << 30;

    @Param({"1024"})
    public int writeSize;

    private ByteBuffer block;
    private ScratchDirectory dir;
    private FileChannel channel;
    private long position;

    @Setup(Level.Trial)
    public void createFile() throws IOException {
        dir = ScratchDirectory.create("tern-fsync-");
        channel = FileChannel.open(dir.path().resolve("probe"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.write(ByteBuffer.allocate(1), FILE_SIZE - 1); // sparse, as MappedFile makes commit-log segments
        channel.force(true);
        block = ByteBuffer.allocateDirect(writeSize);
        for (int i = 0; i < writeSize; i++) {
            block.put(i, (byte) (i * 31 + 7));
        }
    }

    @TearDown(Level.Trial)
    public void deleteFile() throws IOException {
        try {
            channel.close();
        } finally {
            dir.close();
        }
    }

    private long writeAndForce() throws IOException {
        block.clear();
        while (block.hasRemaining()) {
            channel.write(block, position + block.position());
        }
        channel.force(false);
        position = position + 2L * writeSize > FILE_SIZE ? 0 : position + writeSize;
        return position;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long fsyncThroughput() throws IOException {
        return writeAndForce();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long fsyncLatency() throws IOException {
        return writeAndForce();
    }
}
