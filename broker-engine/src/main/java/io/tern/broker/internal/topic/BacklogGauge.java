package io.tern.broker.internal.topic;

import io.tern.broker.internal.lease.LeaseCursor;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.protocol.TopicConfig;
import io.tern.store.AppendResult;
import io.tern.store.MessageStore;

import java.time.InstantSource;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A topic's backlog, and the admission of sends to a topic with a {@code maxBacklogMessages} limit (policy FAIL).
 *
 * <p>The backlog of a topic is what its slowest consumer group has not consumed yet, in messages:
 * <pre>
 *   end(q)         = the queue's end: its max offset, or past the last append answered but not yet dispatched
 *   floor(g, q)    = offset group: its committed offset; lease group: its watermark plus the offsets acked above it;
 *                    a group without state on q: the queue's min offset (all it retains counts)
 *   unconsumed(g)  = sum over queues q of end(q) - max(minOffset(q), floor(g, q))
 *   backlog(topic) = max over the groups with state on the topic of unconsumed(g), or, with no group yet, sum over q of
 *                    end(q) - minOffset(q); plus the appends admitted and not yet answered
 * </pre>
 * Messages whose delivery is delayed count once they reach their queue; transactional half messages once committed;
 * retry and dead-letter topics are topics of their own. A group nobody consumes any more holds the backlog up until
 * it is deleted ({@code tern admin group delete}): that is what a durable subscription means.
 *
 * <p>Why "answered but not dispatched" and "admitted, not answered" count: the consume queue's max offset moves when
 * the dispatcher has indexed a record, a few milliseconds after the append; a burst of sends checked against it
 * alone would all pass. Counting them makes the limit exact: a send is refused iff storing it would take the backlog
 * past the limit, whatever the number of producers.
 *
 * <p>Thread rules: any thread; admission to one topic is serialized by that topic's {@link Tally} monitor (held for
 * the computation only, which reads memory: no I/O). Only topics with a limit get a tally.
 */
public final class BacklogGauge {
    private final MessageStore store;
    private final LeaseTable leases;
    private final OffsetTable offsets;
    private final InstantSource clock;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    /** Appends of one limited topic admitted but not answered, and the queue ends the answered ones reach. */
    private static final class Tally {
        long inFlight;
        final Map<Integer, Long> answeredEnd = new ConcurrentHashMap<>();
    }

    public BacklogGauge(MessageStore store, LeaseTable leases, OffsetTable offsets, InstantSource clock) {
        this.store = store;
        this.leases = leases;
        this.offsets = offsets;
        this.clock = clock;
    }

    /**
     * Admits {@code count} messages to a limited topic, or says why not (naming the backlog, the limit and what to do);
     * an admitted {@code tracked} send (its records go to the topic's queue now: not delayed, not half messages) must
     * report its appends through {@link #appended}; a delayed send is checked but counts only once due.
     */
    public String admit(TopicConfig topic, int count, boolean tracked) {
        Tally t = tallies.computeIfAbsent(topic.name(), n -> new Tally());
        synchronized (t) {
            long backlog = backlog(topic, t);
            if (backlog + count > topic.maxBacklogMessages()) {
                return "topic " + topic.name() + " holds " + backlog + " message(s) not yet consumed by its slowest consumer group,"
                        + (count == 1 ? "" : " " + count + " more would exceed") + " its maxBacklogMessages " + topic.maxBacklogMessages()
                        + " (policy FAIL): try again once consumers caught up, or raise the limit with"
                        + " 'tern admin topic update --topic " + topic.name() + " --max-backlog N'";
            }
            if (tracked) {
                t.inFlight += count;
            }
            return null;
        }
    }

    /** An admitted send's appends completed (stored or not); their queue offsets now count through the queue's end. */
    public void appended(TopicConfig topic, int queueId, CompletableFuture<AppendResult>[] appends) {
        Tally t = tallies.get(topic.name());
        if (t == null) {
            return;
        }
        synchronized (t) {
            for (CompletableFuture<AppendResult> a : appends) {
                AppendResult r = a.join();
                if (r.isOk() && r.queueOffset() >= 0) {
                    t.answeredEnd.merge(queueId, r.queueOffset() + 1, Math::max);
                }
            }
            t.inFlight -= appends.length;
        }
    }

    /** The topic's backlog now, as defined above. */
    public long backlog(TopicConfig topic) {
        Tally t = tallies.get(topic.name());
        if (t == null) {
            return backlog(topic, null);
        }
        synchronized (t) {
            return backlog(topic, t);
        }
    }

    /** Forgets a deleted topic's tally: a topic created again under the name starts its queues afresh. */
    public void forget(String topic) {
        tallies.remove(topic);
    }

    private long backlog(TopicConfig topic, Tally t) {
        int queues = topic.readQueues();
        long[] min = new long[queues];
        long[] end = new long[queues];
        for (int q = 0; q < queues; q++) {
            min[q] = store.minOffset(topic.name(), q);
            long max = store.maxOffset(topic.name(), q);
            Long answered = t == null ? null : t.answeredEnd.get(q);
            if (answered != null && answered <= max) {
                t.answeredEnd.remove(q, answered); // the dispatcher caught up: the queue's own end says it
            }
            end[q] = answered == null ? max : Math.max(max, answered);
        }
        SortedSet<String> groups = new TreeSet<>(leases.groupsOn(topic.name()));
        groups.addAll(offsets.groupsOn(topic.name()));
        long worst = 0;
        if (groups.isEmpty()) {
            for (int q = 0; q < queues; q++) {
                worst += Math.max(0, end[q] - min[q]);
            }
        }
        long now = clock.millis();
        for (String g : groups) {
            long unconsumed = 0;
            for (int q = 0; q < queues; q++) {
                unconsumed += Math.max(0, end[q] - Math.max(min[q], floor(g, topic.name(), q, now)));
            }
            worst = Math.max(worst, unconsumed);
        }
        return worst + (t == null ? 0 : t.inFlight);
    }

    /** The count of offsets below the end group {@code g} has consumed on a queue, as an offset; -1 = no state. */
    private long floor(String g, String topic, int q, long now) {
        long committed = offsets.get(g, topic, q);
        LeaseCursor c = leases.existing(g, topic, q);
        if (c == null) {
            return committed;
        }
        LeaseCursor.Counts counts = c.counts(now);
        return Math.max(committed, counts.watermark() + counts.ackedAbove());
    }
}
