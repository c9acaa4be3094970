package io.tern.client;

import io.tern.protocol.QueueQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a {@link PullConsumer}'s committed offsets live, and where it starts a queue. Committed offsets are the
 * group's, on the broker, in {@link PullConsumer.Model#CLUSTERING}, and this member's own, in memory, in
 * {@link PullConsumer.Model#BROADCASTING}; a queue without one starts at {@code fromTime} or {@code from}. The consumer
 * decides when to commit (explicitly, by timer, on giving a queue up); this class only how. Offsets held in
 * transactions ({@link PullConsumer#commit(Transaction)}) do not pass here.
 *
 * <p>Thread rules: any thread (each broker call blocks; the in-memory offsets are a concurrent map). No state of a
 * queue is kept here besides its broadcasting offset: {@link #commit} records the commit in {@link QueueState#committed}.
 */
final class ConsumerOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerOffsets.class);

    private final GroupCalls calls;
    private final PullConsumer.Model model;
    private final PullConsumer.From from;
    private final Instant fromTime;
    private final boolean transactional;
    private final Map<MessageQueue, Long> localOffsets = new ConcurrentHashMap<>();

    ConsumerOffsets(GroupCalls calls, PullConsumer.Model model, PullConsumer.From from, Instant fromTime, boolean transactional) {
        this.calls = calls;
        this.model = model;
        this.from = from;
        this.fromTime = fromTime;
        this.transactional = transactional;
    }

    /** Where this member takes {@code q} up: its committed offset, or without one where {@code fromTime} or {@code from} says. */
    long start(MessageQueue q) {
        long committed = model == PullConsumer.Model.BROADCASTING ? localOffsets.getOrDefault(q, -1L) : calls.committedOffset(q);
        if (committed >= 0) {
            return committed;
        }
        long start;
        if (fromTime != null) {
            start = calls.queue(q, fromTime.toEpochMilli()).offsetAtTime();
        } else {
            QueueQuery.Result r = calls.queue(q, -1);
            start = from == PullConsumer.From.FIRST ? r.minOffset() : r.maxOffset();
        }
        if (transactional && model == PullConsumer.Model.CLUSTERING) {
            // a transactional member commits only with transactions: if its first one rolled back after the queue moved,
            // a successor starting from the end (From.LAST) would skip what this member read; so the start is the group's now
            calls.commitOffset(q, start);
        }
        return start;
    }

    /** Commits one past everything done in the queue ({@link QueueState#commitOffset}), unless it is committed already. */
    void commit(QueueState s) {
        long offset = s.commitOffset();
        if (offset == s.committed) {
            return;
        }
        if (model == PullConsumer.Model.BROADCASTING) {
            localOffsets.put(s.queue, offset);
        } else {
            calls.commitOffset(s.queue, offset);
        }
        s.committed = offset;
    }

    /**
     * Transactional rollback: a new state for {@code old}'s queue, from the group's committed offset on the broker
     * (where this member took the queue up, if the group has none; this member's last commit if the broker cannot say).
     */
    QueueState rewound(QueueState old) {
        long committed;
        try {
            committed = calls.committedOffset(old.queue);
        } catch (RuntimeException e) {
            committed = old.committed; // this member's last commit, as far as it knows
            LOG.warn("committed offset of {} unknown ({}); rewinding to {}", old.queue, e.getMessage(), committed >= 0 ? committed : old.start);
        }
        QueueState s = new QueueState(old.queue, committed >= 0 ? committed : old.start);
        s.committed = committed;
        return s;
    }
}
