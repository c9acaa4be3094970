package io.tern.broker.internal.delay;

import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import io.tern.store.AppendResult;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;
import io.tern.store.internal.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The timer for delayed and scheduled messages. The send path stores a message due later in the schedule queue
 * ({@link #TOPIC}, queue 0; its real topic and queue in {@link SystemProperties#REAL_TOPIC}/{@code REAL_QUEUE}); this
 * agent indexes that queue by due time and, when a message is due, appends it to its real queue with the same id,
 * tag, keys, body and properties (minus the two routing ones), then marks its schedule offset done.
 *
 * <p>On disk the timer is the schedule queue itself (commit log + consume queue, recovered like every queue) and the
 * {@link TimerCheckpoint} of done offsets. In memory it is a priority queue of (due time, schedule offset), ~64 bytes
 * a pending message, rebuilt on start by scanning the schedule queue from the checkpoint's watermark. The due time is
 * read from the record, so the rebuild reads every pending record once (about 1 s per million on an SSD).
 *
 * <p><b>Retention.</b> The commit log deletes segments after {@code retention} (72 h by default), but a message may
 * wait {@code maxDelay} (30 days). A pending message whose schedule record is {@code rollAge} old (24 h) is therefore
 * <i>rolled</i>: appended again to the schedule queue (same id) and its old offset marked done.
 *
 * <p><b>Exactly once.</b> An offset is marked done in the checkpoint only once its delivery is flushed
 * ({@code flushedPosition} covers it), so the checkpoint never claims a delivery the log could lose. After a restart,
 * an offset not marked done but due before the restart may have been delivered by the previous process after its last
 * checkpoint: before delivering it the timer looks the id up and skips it if a copy is already in the real topic (or,
 * for a roll, a newer copy in the schedule queue). So a message is delivered exactly once unless the OS loses flushed
 * commit-log data.
 *
 * <p><b>Precision.</b> The runner parks at most {@link #IDLE_NANOS} when idle, and dispatching to the schedule queue
 * wakes it, so a message is appended to its real queue within ~10 ms of being due on an idle broker; a burst of many
 * messages due at once is appended {@link #MAX_IN_FLIGHT} at a time.
 *
 * <p>Thread rules: {@link #doWork()} and {@link #onClose()} on the agent's thread only; {@link #stats()} and
 * {@link #wake()} from any thread. Append completions come back through a concurrent queue.
 */
public final class DelayTimer implements Agent {
    /** The schedule topic. Not in the topic table, so no consumer can read it; sends to it are refused. */
    public static final String TOPIC = "TERN_SCHEDULE";
    /** 10 ms: a tenth of the 100 ms precision target, ~100 idle wake-ups a second. */
    public static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Appends outstanding at once; the store's writer queue holds far more, so this never causes BUSY by itself. */
    static final int MAX_IN_FLIGHT = 4096;
    private static final int SCAN_BATCH = 256;
    private static final int SCAN_PER_WORK = 4096;
    private static final long CHECKPOINT_INTERVAL_MILLIS = 1000;
    private static final long RETRY_BACKOFF_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(DelayTimer.class);

    private record Due(long at, long offset, boolean roll) {
    }

    private record Done(Due due, AppendResult result) {
    }

    /** What the timer holds and has done since start. */
    public record Stats(long pending, long delivered, long rolled, long lost, long duplicatesSkipped) {
    }

    private final MessageStore store;
    private final InstantSource clock;
    private final long rollAgeMillis;
    private final TimerCheckpoint checkpoint;
    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::at).thenComparingLong(Due::offset));
    private final Queue<Done> completions = new ConcurrentLinkedQueue<>();
    private final Map<Long, CompletableFuture<AppendResult>> inFlight = new HashMap<>();
    /** Appended, not yet known flushed: (end of the appended record in the log, schedule offset). */
    private final ArrayDeque<long[]> awaitingFlush = new ArrayDeque<>();
    /** Schedule offsets below this existed before this start; with due times up to startMillis they may be delivered already. */
    private final long startEnd;
    private final long startMillis;
    private long scanned;
    private long retryAfter;
    private long lastCheckpoint;
    private boolean dirty;
    private volatile Runnable waker = () -> { };
    private volatile long pending;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong rolled = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();

    public DelayTimer(MessageStore store, Path dir, InstantSource clock, Duration rollAge) throws IOException {
        this.store = store;
        this.clock = clock;
        this.rollAgeMillis = rollAge.toMillis();
        this.checkpoint = TimerCheckpoint.load(dir.resolve("checkpoint"));
        this.scanned = Math.max(checkpoint.watermark(), store.minOffset(TOPIC, 0));
        this.startEnd = store.maxOffset(TOPIC, 0);
        this.startMillis = clock.millis();
        this.lastCheckpoint = startMillis;
    }

    /** How the runner is woken when an append completes; set before the runner starts. */
    public void wiring(Runnable waker) {
        this.waker = waker;
    }

    public Stats stats() {
        return new Stats(pending, delivered.get(), rolled.get(), lost.get(), duplicatesSkipped.get());
    }

    @Override
    public String roleName() {
        return "timer";
    }

    @Override
    public int doWork() throws IOException {
        long now = clock.millis();
        int work = drainCompletions(now) + scan() + fire(now) + checkpointIfDue(now);
        pending = queue.size() + inFlight.size();
        return work;
    }

    /** Indexes schedule records stored since the last call. */
    private int scan() {
        int n = 0;
        long end = store.maxOffset(TOPIC, 0);
        while (scanned < end && n < SCAN_PER_WORK) {
            List<StoredMessage> batch = store.readRange(TOPIC, 0, scanned, SCAN_BATCH);
            if (batch.isEmpty()) {
                long min = store.minOffset(TOPIC, 0);
                if (min > scanned) {
                    LOG.error("schedule queue offsets {}-{} were deleted by retention before they were due; messages lost", scanned, min - 1);
                    scanned = min;
                    continue;
                }
                break;
            }
            for (StoredMessage s : batch) {
                if (!checkpoint.isDone(s.queueOffset())) {
                    queue.add(due(s));
                }
                scanned = s.queueOffset() + 1;
                n++;
            }
        }
        return n;
    }

    private Due due(StoredMessage s) {
        Object at = s.message().properties().get(SystemProperties.DELIVER_AT);
        long deliverAt = at instanceof Long l ? l : 0; // a record without a time is due now
        long rollAt = s.storeTimestamp() + rollAgeMillis;
        return rollAt < deliverAt ? new Due(rollAt, s.queueOffset(), true) : new Due(deliverAt, s.queueOffset(), false);
    }

    /** Appends what is due: to its real queue, or (a roll) again to the schedule queue. */
    private int fire(long now) {
        if (now < retryAfter) {
            return 0;
        }
        int n = 0;
        while (inFlight.size() < MAX_IN_FLIGHT && !queue.isEmpty() && queue.peek().at() <= now) {
            Due d = queue.poll();
            Optional<StoredMessage> s = store.read(TOPIC, 0, d.offset());
            if (s.isEmpty()) {
                LOG.error("scheduled message at schedule offset {} is gone from the store (retention); it is lost", d.offset());
                lost.incrementAndGet();
                markDone(d.offset());
                continue;
            }
            MessageRecord r = s.get().message();
            if (d.offset() < startEnd && d.at() <= startMillis && appendedBefore(d, r)) {
                duplicatesSkipped.incrementAndGet();
                markDone(d.offset());
                continue;
            }
            CompletableFuture<AppendResult> f = store.append(d.roll() ? r : delivery(r));
            inFlight.put(d.offset(), f);
            f.thenAccept(result -> {
                completions.add(new Done(d, result));
                waker.run();
            });
            n++;
        }
        return n;
    }

    /** After a restart: did the previous process already deliver (or roll) this message after its last checkpoint? */
    private boolean appendedBefore(Due d, MessageRecord r) {
        Object realTopic = r.properties().get(SystemProperties.REAL_TOPIC);
        for (StoredMessage copy : store.lookupAllById(r.id())) {
            String topic = copy.message().topic();
            if (d.roll() ? topic.equals(TOPIC) && copy.queueOffset() > d.offset() : topic.equals(realTopic)) {
                return true;
            }
        }
        return false;
    }

    /** The message as its real queue gets it: same id and content, without the schedule's routing properties. */
    static MessageRecord delivery(MessageRecord r) {
        Properties p = r.properties();
        Object topic = p.get(SystemProperties.REAL_TOPIC);
        Object queue = p.get(SystemProperties.REAL_QUEUE);
        if (!(topic instanceof String t) || !(queue instanceof Integer q)) {
            throw new IllegalStateException("schedule record " + r.id() + " lacks its real topic/queue: " + p);
        }
        Properties out = Properties.builder().putAll(p).remove(SystemProperties.REAL_TOPIC).remove(SystemProperties.REAL_QUEUE).build();
        return new MessageRecord(r.id(), t, q, r.bornTimestamp(), r.bornHost(), r.flags(), out, r.keys(), r.tag(), r.body());
    }

    private int drainCompletions(long now) {
        int n = 0;
        Done x;
        while ((x = completions.poll()) != null) {
            n++;
            inFlight.remove(x.due().offset());
            AppendResult r = x.result();
            if (r.isOk()) {
                awaitingFlush.add(new long[] {r.commitLogOffset() + r.size(), x.due().offset()});
                (x.due().roll() ? rolled : delivered).incrementAndGet();
            } else {
                LOG.warn("timer append of schedule offset {} failed ({}: {}); retrying in {} ms", x.due().offset(), r.status(),
                        r.error(), RETRY_BACKOFF_MILLIS);
                queue.add(x.due());
                retryAfter = now + RETRY_BACKOFF_MILLIS;
            }
        }
        return n;
    }

    private void markDone(long offset) {
        checkpoint.markDone(offset);
        dirty = true;
    }

    private int checkpointIfDue(long now) throws IOException {
        if (now - lastCheckpoint < CHECKPOINT_INTERVAL_MILLIS) {
            return 0;
        }
        lastCheckpoint = now;
        return writeCheckpoint();
    }

    private int writeCheckpoint() throws IOException {
        long flushed = store.flushedPosition();
        while (!awaitingFlush.isEmpty() && awaitingFlush.peek()[0] <= flushed) {
            markDone(awaitingFlush.poll()[1]);
        }
        if (!dirty) {
            return 0;
        }
        checkpoint.save();
        dirty = false;
        return 1;
    }

    /** Waits (up to 10 s) for the appends in flight, then writes the checkpoint. The store must still be open. */
    @Override
    public void onClose() {
        try {
            CompletableFuture.allOf(inFlight.values().toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            drainCompletions(clock.millis());
            writeCheckpoint();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("timer checkpoint on close failed; the next start re-checks deliveries since the last one", e);
        }
    }
}
