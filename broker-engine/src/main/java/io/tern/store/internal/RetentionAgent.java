package io.tern.store.internal;

import io.tern.store.StoreConfig;

import java.time.InstantSource;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Deletes commit-log segments past retention. A segment goes when both hold:
 * <ul>
 *   <li>it is older than {@code retention}: the first record of the <em>next</em> segment, which is newer than
 *       anything in this one, was stored more than {@code retention} ago;</li>
 *   <li>the dispatcher has passed its end, so every consume queue already points past its start.</li>
 * </ul>
 * The active segment is never deleted. The dispatcher then drops queue entries and index files that pointed into it.
 *
 * <p>Thread rules: runs on its agent thread (or a test's); deletion is safe against readers because
 * segments are reference-counted ({@link MappedFile}).
 */
public final class RetentionAgent implements Agent {
    private final CommitLog log;
    private final LongSupplier dispatchedPosition;
    private final InstantSource clock;
    private final long retentionMillis;
    private final long checkIntervalMillis;
    private long lastCheck = Long.MIN_VALUE;

    public RetentionAgent(StoreConfig config, CommitLog log, LongSupplier dispatchedPosition) {
        this.log = log;
        this.dispatchedPosition = dispatchedPosition;
        this.clock = config.clock();
        this.retentionMillis = config.retention().toMillis();
        this.checkIntervalMillis = config.retentionCheckInterval().toMillis();
    }

    @Override
    public String roleName() {
        return "retention";
    }

    @Override
    public int doWork() {
        long now = clock.millis();
        if (lastCheck != Long.MIN_VALUE && now - lastCheck < checkIntervalMillis) {
            return 0;
        }
        lastCheck = now;
        int deleted = 0;
        while (expired(now)) {
            deleted += log.deleteSegmentsBefore(log.segments().get(0).endOffset());
        }
        return deleted;
    }

    private boolean expired(long now) {
        List<MappedFile> segments = log.segments();
        if (segments.size() < 2) {
            return false;
        }
        MappedFile oldest = segments.get(0);
        if (oldest.endOffset() > dispatchedPosition.getAsLong()) {
            return false;
        }
        Long nextStored = log.read(segments.get(1).baseOffset(), (buf, p, available) ->
                available >= RecordDescriptor.FIXED_HEADER_SIZE && buf.getInt(p + RecordDescriptor.MAGIC_OFFSET) == RecordDescriptor.MESSAGE_MAGIC
                        ? buf.getLong(p + RecordDescriptor.STORE_TIMESTAMP_OFFSET) : null);
        return nextStored != null && nextStored + retentionMillis <= now;
    }
}
