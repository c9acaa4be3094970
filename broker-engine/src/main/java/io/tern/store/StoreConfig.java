package io.tern.store;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Every setting of the store: name, default, unit and meaning in one place. Built and validated by
 * {@link Builder#build()} before anything opens; an invalid value fails there, naming the setting, the value and the limit.
 * Immutable; components copy what they need into final fields.
 */
public final class StoreConfig {
    /** Commit-log segment size. 1 GiB keeps the file count low (72 h at 10 MB/s is ~2,500 files). */
    public static final long DEFAULT_SEGMENT_SIZE = 1L << 30;
    /** Largest record, headers included. 4 MiB, as RocketMQ: bigger payloads belong in an object store. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 << 20;
    public static final FlushMode DEFAULT_FLUSH_MODE = FlushMode.ASYNC;
    /** ASYNC flush period: bounds what an OS crash (not a process crash) can lose. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(500);
    /** How often consume queues and indexes are forced and the checkpoint is written: bounds the recovery scan. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(72);
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofSeconds(10);
    public static final double DEFAULT_DISK_USAGE_CEILING = 0.85;
    /** Appends waiting for the writer before new ones get BUSY: ~16 ms of work at 1M appends/s. */
    public static final int DEFAULT_WRITE_QUEUE_CAPACITY = 16_384;
    /** Bytes waiting for the writer before new appends get BUSY: bounds heap held by a stalled disk. */
    public static final long DEFAULT_WRITE_QUEUE_MAX_BYTES = 64L << 20;
    /** 300,000 entries x 20 bytes = 6 MB per consume-queue file, as RocketMQ. */
    public static final int DEFAULT_CONSUME_QUEUE_FILE_ENTRIES = 300_000;
    /** Index hash slots per file: 4 MB of slots; chains stay short up to a few million keys. */
    public static final int DEFAULT_INDEX_SLOTS = 1_000_000;
    /** Index entries per file: 4M x 16 bytes = 64 MB, about 2M messages with one key each. */
    public static final int DEFAULT_INDEX_ENTRIES = 4_000_000;

    private final Path dataDir;
    private final long segmentSize;
    private final int maxMessageSize;
    private final FlushMode flushMode;
    private final Duration flushInterval;
    private final Duration checkpointInterval;
    private final Duration retention;
    private final Duration retentionCheckInterval;
    private final double diskUsageCeiling;
    private final int writeQueueCapacity;
    private final long writeQueueMaxBytes;
    private final int consumeQueueFileEntries;
    private final int indexSlots;
    private final int indexEntries;
    private final InstantSource clock;
    private final DiskSpace diskSpace;
    private final boolean manualAgents;
    private final ForceHook forceHook;

    private StoreConfig(Builder b) {
        dataDir = b.dataDir;
        segmentSize = b.segmentSize;
        maxMessageSize = b.maxMessageSize;
        flushMode = b.flushMode;
        flushInterval = b.flushInterval;
        checkpointInterval = b.checkpointInterval;
        retention = b.retention;
        retentionCheckInterval = b.retentionCheckInterval;
        diskUsageCeiling = b.diskUsageCeiling;
        writeQueueCapacity = b.writeQueueCapacity;
        writeQueueMaxBytes = b.writeQueueMaxBytes;
        consumeQueueFileEntries = b.consumeQueueFileEntries;
        indexSlots = b.indexSlots;
        indexEntries = b.indexEntries;
        clock = b.clock;
        diskSpace = b.diskSpace != null ? b.diskSpace : DiskSpace.of(b.dataDir);
        manualAgents = b.manualAgents;
        forceHook = b.forceHook;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Path dataDir() { return dataDir; }
    public long segmentSize() { return segmentSize; }
    public int maxMessageSize() { return maxMessageSize; }
    public FlushMode flushMode() { return flushMode; }
    public Duration flushInterval() { return flushInterval; }
    public Duration checkpointInterval() { return checkpointInterval; }
    public Duration retention() { return retention; }
    public Duration retentionCheckInterval() { return retentionCheckInterval; }
    public double diskUsageCeiling() { return diskUsageCeiling; }
    public int writeQueueCapacity() { return writeQueueCapacity; }
    public long writeQueueMaxBytes() { return writeQueueMaxBytes; }
    public int consumeQueueFileEntries() { return consumeQueueFileEntries; }
    public int indexSlots() { return indexSlots; }
    public int indexEntries() { return indexEntries; }
    public InstantSource clock() { return clock; }
    public DiskSpace diskSpace() { return diskSpace; }
    /** True when no agent gets a thread: a test drives them through {@link MessageStore#runAgentsOnce()}. */
    public boolean manualAgents() { return manualAgents; }
    public ForceHook forceHook() { return forceHook; }

    public Path commitLogDir() { return dataDir.resolve("commitlog"); }
    public Path consumeQueueDir() { return dataDir.resolve("consumequeue"); }
    public Path indexDir() { return dataDir.resolve("index"); }
    public Path checkpointFile() { return dataDir.resolve("checkpoint"); }

    /** Collects settings; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private final Path dataDir;
        private long segmentSize = DEFAULT_SEGMENT_SIZE;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private FlushMode flushMode = DEFAULT_FLUSH_MODE;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private Duration retention = DEFAULT_RETENTION;
        private Duration retentionCheckInterval = DEFAULT_RETENTION_CHECK_INTERVAL;
        private double diskUsageCeiling = DEFAULT_DISK_USAGE_CEILING;
        private int writeQueueCapacity = DEFAULT_WRITE_QUEUE_CAPACITY;
        private long writeQueueMaxBytes = DEFAULT_WRITE_QUEUE_MAX_BYTES;
        private int consumeQueueFileEntries = DEFAULT_CONSUME_QUEUE_FILE_ENTRIES;
        private int indexSlots = DEFAULT_INDEX_SLOTS;
        private int indexEntries = DEFAULT_INDEX_ENTRIES;
        private InstantSource clock = InstantSource.system();
        private DiskSpace diskSpace;
        private boolean manualAgents;
        private ForceHook forceHook = ForceHook.NONE;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        public Builder segmentSize(long bytes) { this.segmentSize = bytes; return this; }
        public Builder maxMessageSize(int bytes) { this.maxMessageSize = bytes; return this; }
        public Builder flushMode(FlushMode mode) { this.flushMode = Objects.requireNonNull(mode, "flushMode"); return this; }
        public Builder flushInterval(Duration d) { this.flushInterval = Objects.requireNonNull(d, "flushInterval"); return this; }
        public Builder checkpointInterval(Duration d) { this.checkpointInterval = Objects.requireNonNull(d, "checkpointInterval"); return this; }
        public Builder retention(Duration d) { this.retention = Objects.requireNonNull(d, "retention"); return this; }
        public Builder retentionCheckInterval(Duration d) { this.retentionCheckInterval = Objects.requireNonNull(d, "retentionCheckInterval"); return this; }
        public Builder diskUsageCeiling(double fraction) { this.diskUsageCeiling = fraction; return this; }
        public Builder writeQueueCapacity(int appends) { this.writeQueueCapacity = appends; return this; }
        public Builder writeQueueMaxBytes(long bytes) { this.writeQueueMaxBytes = bytes; return this; }
        public Builder consumeQueueFileEntries(int entries) { this.consumeQueueFileEntries = entries; return this; }
        public Builder indexSlots(int slots) { this.indexSlots = slots; return this; }
        public Builder indexEntries(int entries) { this.indexEntries = entries; return this; }
        public Builder clock(InstantSource clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
        public Builder diskSpace(DiskSpace diskSpace) { this.diskSpace = Objects.requireNonNull(diskSpace, "diskSpace"); return this; }
        public Builder manualAgents(boolean manual) { this.manualAgents = manual; return this; }
        /** Fault injection for tests: see {@link ForceHook}. */
        public Builder forceHook(ForceHook hook) { this.forceHook = Objects.requireNonNull(hook, "forceHook"); return this; }

        public StoreConfig build() {
            require(maxMessageSize >= 1024, "maxMessageSize", maxMessageSize, "at least 1024 bytes");
            // a segment must hold the largest record plus the 8-byte end-of-segment marker
            require(segmentSize >= maxMessageSize + 8L, "segmentSize", segmentSize,
                    "at least maxMessageSize + 8 = " + (maxMessageSize + 8L) + " bytes; lower maxMessageSize or raise segmentSize");
            require(segmentSize <= Integer.MAX_VALUE, "segmentSize", segmentSize, "at most 2 GiB - 1 (one memory mapping)");
            positive("flushInterval", flushInterval);
            positive("checkpointInterval", checkpointInterval);
            positive("retention", retention);
            positive("retentionCheckInterval", retentionCheckInterval);
            require(diskUsageCeiling > 0.0 && diskUsageCeiling <= 1.0, "diskUsageCeiling", diskUsageCeiling, "in (0, 1], e.g. 0.85");
            require(writeQueueCapacity >= 1, "writeQueueCapacity", writeQueueCapacity, "at least 1");
            require(writeQueueMaxBytes >= maxMessageSize, "writeQueueMaxBytes", writeQueueMaxBytes,
                    "at least maxMessageSize (" + maxMessageSize + ") so one largest message can wait");
            require(consumeQueueFileEntries >= 16, "consumeQueueFileEntries", consumeQueueFileEntries, "at least 16");
            require(consumeQueueFileEntries <= Integer.MAX_VALUE / 20, "consumeQueueFileEntries", consumeQueueFileEntries, "at most " + Integer.MAX_VALUE / 20);
            require(indexSlots >= 16, "indexSlots", indexSlots, "at least 16");
            require(indexEntries >= 16, "indexEntries", indexEntries, "at least 16");
            require(64L + 4L * indexSlots + 16L * indexEntries <= Integer.MAX_VALUE, "indexEntries", indexEntries,
                    "small enough that an index file stays under 2 GiB (64 + 4 x indexSlots + 16 x indexEntries)");
            return new StoreConfig(this);
        }

        private static void positive(String name, Duration d) {
            require(!d.isNegative() && !d.isZero(), name, d, "positive");
        }

        private static void require(boolean ok, String name, Object value, String limit) {
            if (!ok) {
                throw new IllegalArgumentException("store setting " + name + " = " + value + " is invalid: must be " + limit);
            }
        }
    }
}
