package io.tern.store.internal;

import io.tern.store.RecoveryReport;
import io.tern.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Brings the store to a consistent state before any agent starts.
 * <ol>
 *   <li><b>Log end.</b> After a clean stop the checkpoint's {@code logEnd} is the end. Otherwise every record from the
 *       checkpoint (or from the log's start, without a valid checkpoint) is verified, and the log is cut at the first
 *       record that fails: a torn write, flipped bits, or stale bytes past the real end.</li>
 *   <li><b>Consume queues.</b> Each queue is cut back to its length at the checkpoint; a queue whose last checkpointed
 *       entry does not point at its record (deleted, cut, damaged) is emptied and rebuilt from the whole log.</li>
 *   <li><b>Index.</b> The index chain is kept up to where it is intact and rewound to the checkpoint.</li>
 *   <li><b>Replay.</b> One pass over the log from the earliest of those points re-files what each structure lacks, so that
 *       every entry points at a valid record and every valid record has its entries. Then a new checkpoint is written.</li>
 * </ol>
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final StoreConfig config;
    private final CommitLog log;
    private final ConsumeQueueTable queues;
    private final MessageIndex index;
    private final DirtyFiles dirty;
    private final TopicTombstones tombstones;

    public Recovery(StoreConfig config, CommitLog log, ConsumeQueueTable queues, MessageIndex index, DirtyFiles dirty,
                    TopicTombstones tombstones) {
        this.tombstones = tombstones;
        this.config = config;
        this.log = log;
        this.queues = queues;
        this.index = index;
        this.dirty = dirty;
    }

    public RecoveryReport run() throws IOException {
        Checkpoint cp = Checkpoint.read(config.checkpointFile());
        log.load();
        long min = log.minOffset();
        long onDisk = log.writtenPosition(); // end of the last segment: everything on disk is scannable now
        boolean usable = cp != null && cp.logEnd() >= min && cp.logEnd() <= onDisk;
        if (cp != null && !usable) {
            LOG.warn("checkpoint logEnd {} is outside the log [{}, {}]; verifying the whole log", cp.logEnd(), min, onDisk);
        }
        boolean clean = usable && cp.clean();
        long scanFrom = usable ? cp.logEnd() : min;
        long end = clean ? cp.logEnd() : LogScanner.scan(log, scanFrom, onDisk, Integer.MAX_VALUE, true, null);
        long cut = clean ? 0 : writtenBytesAfter(end);
        if (!clean) {
            LOG.info("recovery: verified log from {} to {}; cutting {} bytes after it", scanFrom, end, cut);
        }
        log.recoverTo(end);

        queues.load();
        buryDeleted();
        index.load(log.minOffset());
        long dispatchFrom = usable ? cp.logEnd() : log.minOffset();
        Set<QueueKey> rebuild = usable ? checkQueues(cp, end) : resetAllQueues();

        long indexFrom = index.indexedUpTo();
        if (indexFrom < 0 || indexFrom < log.minOffset()) {
            indexFrom = log.minOffset();
        } else if (indexFrom > dispatchFrom) {
            index.rewindTo(dispatchFrom);
            indexFrom = dispatchFrom;
        }
        long replayFrom = Math.min(rebuild.isEmpty() ? dispatchFrom : log.minOffset(), indexFrom);
        replay(replayFrom, end, dispatchFrom, indexFrom, rebuild);

        for (ConsumeQueue cq : queues.all()) {
            cq.trimBefore(log.minOffset());
        }
        CheckpointAgent.write(new Checkpoint(false, end, queues.maxOffsets()), log, dirty, config.checkpointFile());
        return new RecoveryReport(clean, usable, scanFrom, end, cut, replayFrom, rebuild.size());
    }

    /**
     * A queue of a deleted topic that still holds entries of the deleted incarnation (the crash came between the
     * tombstone and the files' removal, or the files were restored) is removed; the replay skips buried records.
     */
    private void buryDeleted() throws IOException {
        for (ConsumeQueue cq : java.util.List.copyOf(queues.all())) {
            String topic = cq.key().topic();
            if (!tombstones.contains(topic) || cq.maxOffset() == cq.minOffset()) {
                continue;
            }
            ConsumeQueueEntry first = cq.get(cq.minOffset());
            if (first == null || tombstones.buried(topic, first.commitLogOffset())) {
                LOG.info("recovery: removing the consume queues of deleted topic {}", topic);
                queues.removeTopic(topic);
            }
        }
    }

    /** Bytes that are not zero between {@code end} and the end of its segment: what the cut removes. */
    private long writtenBytesAfter(long end) {
        Long n = log.read(end, (buf, p, available) -> {
            int last = p + available - 1;
            while (last >= p && buf.get(last) == 0) {
                last--;
            }
            return (long) (last - p + 1);
        });
        return n == null ? 0 : n;
    }

    /** Cuts each queue back to its checkpointed length; returns the queues that must be rebuilt from the whole log. */
    private Set<QueueKey> checkQueues(Checkpoint cp, long end) throws IOException {
        Set<QueueKey> rebuild = new HashSet<>();
        for (ConsumeQueue cq : queues.all()) {
            Long expected = cp.queues().get(cq.key());
            if (expected == null) {
                cq.reset(); // all of it came after the checkpoint: the replay re-files it
            } else if (!intact(cq, expected, cp.logEnd())) {
                LOG.warn("consume queue {} does not match the commit log (length {}, checkpoint says {}); rebuilding it",
                        cq.key(), cq.maxOffset(), expected);
                cq.reset();
                rebuild.add(cq.key());
            } else {
                cq.truncateTo(expected);
            }
        }
        for (Map.Entry<QueueKey, Long> e : cp.queues().entrySet()) {
            if (queues.get(e.getKey()) == null && e.getValue() > 0) {
                LOG.warn("consume queue {} is missing; rebuilding it", e.getKey());
                rebuild.add(e.getKey());
            }
        }
        return rebuild;
    }

    private Set<QueueKey> resetAllQueues() {
        for (ConsumeQueue cq : queues.all()) {
            cq.reset();
        }
        return Set.of();
    }

    /** True if the queue holds {@code length} entries and its first and last point at their records. */
    private boolean intact(ConsumeQueue cq, long length, long logEnd) {
        if (cq.maxOffset() < length) {
            return false;
        }
        if (length == cq.minOffset()) {
            return true;
        }
        return pointsAtRecord(cq, cq.minOffset(), logEnd) && pointsAtRecord(cq, length - 1, logEnd);
    }

    private boolean pointsAtRecord(ConsumeQueue cq, long q, long logEnd) {
        ConsumeQueueEntry e = cq.get(q);
        if (e == null) {
            return false;
        }
        if (e.commitLogOffset() < log.minOffset()) {
            return true; // points into a segment retention deleted; trimmed below
        }
        if (e.commitLogOffset() + e.size() > logEnd) {
            return false;
        }
        RecordHeader h = log.read(e.commitLogOffset(), (buf, p, available) ->
                RecordCodec.check(buf, p, available, e.commitLogOffset()) == e.size() ? RecordCodec.decodeHeader(buf, p) : null);
        return h != null && h.topic().equals(cq.key().topic()) && h.queueId() == cq.key().queueId() && h.queueOffset() == q;
    }

    private void replay(long from, long end, long dispatchFrom, long indexFrom, Set<QueueKey> rebuild) throws IOException {
        if (from >= end) {
            index.markIndexedUpTo(end);
            return;
        }
        LOG.info("recovery: replaying log {} to {} into consume queues (from {}, {} rebuilt whole) and index (from {})",
                from, end, dispatchFrom, rebuild.size(), indexFrom);
        LogScanner.scan(log, from, end, Integer.MAX_VALUE, false, h -> {
            QueueKey key = new QueueKey(h.topic(), h.queueId());
            boolean buried = tombstones.buried(h.topic(), h.commitLogOffset());
            if (!buried && (h.commitLogOffset() >= dispatchFrom || rebuild.contains(key))) {
                queues.getOrCreate(key).put(h);
            }
            if (h.commitLogOffset() >= indexFrom) {
                index.index(h);
            }
        });
        index.markIndexedUpTo(end);
    }
}
