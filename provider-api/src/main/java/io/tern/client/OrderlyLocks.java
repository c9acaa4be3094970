package io.tern.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An orderly {@link PullConsumer}'s queue locks on the broker ({@code LOCK_QUEUES}): an assigned queue is taken only
 * once this member holds its lock, held locks are renewed every {@value #LOCK_RENEW_MILLIS} ms, a queue's messages are
 * dispatched only while its lock is {@link #valid}, and a queue given up {@link #leave leaves}: it is committed and
 * unlocked once the push consumer reports it idle, and until then this member does not take it back.
 *
 * <p>Thread rules: {@link #assign} and {@link #leave} on the consumer's scheduler, which also runs the lock tick and
 * the finish of a leaving queue; after {@link #start} (once, from the consumer's constructor, before the tick is
 * scheduled) it is the only thread touching the awaited locks, the last assignment and the renewal time. {@link #valid}
 * and {@link #leaving} from any thread (the leaving map is concurrent, {@link QueueState#lockedAt} volatile);
 * {@link #idleSignal} before the first rebalance gives a queue up. The idle signal may complete on a listener thread;
 * it hands the finish to the scheduler.
 */
final class OrderlyLocks {
    private static final Logger LOG = LoggerFactory.getLogger(OrderlyLocks.class);
    /** Orderly: renew held locks this often; the broker keeps a lock 60 s, so two renewals may fail before it lapses. */
    static final long LOCK_RENEW_MILLIS = 20_000;
    /** Orderly: dispatch a queue only this long after its last successful lock: half the broker's 60 s, a margin for slow clocks and calls. */
    static final long LOCK_VALID_MILLIS = 30_000;
    /** Orderly: how often assigned queues not yet locked are asked for again (their holder releases them on its own time). */
    private static final long LOCK_RETRY_MILLIS = 500;

    private final GroupCalls calls;
    private final ScheduledExecutorService scheduler;
    private final String group;
    private final String clientId;
    /** The consumer's owned queues: read here; a queue given up moves from there to {@link #leaving}. */
    private final Map<MessageQueue, QueueState> owned;
    /** The consumer's take-up of a queue: reads its start offset and adds it to {@link #owned}. */
    private final Function<MessageQueue, QueueState> take;
    private final QueuePuller puller;
    /** The consumer's commit of a queue it gives up (logs failures; none when transactional). */
    private final Consumer<QueueState> commit;
    private final BooleanSupplier closed;
    /** Queues given up whose last message may still be in the listener; they are committed and unlocked once idle. */
    private final Map<MessageQueue, QueueState> leaving = new ConcurrentHashMap<>();
    /** Scheduler thread only: assigned queues whose lock is not granted yet, and the last assignment. */
    private final Set<MessageQueue> awaitingLock = new HashSet<>();
    private List<MessageQueue> assigned = List.of();
    private long lastRenewal;
    private volatile Function<MessageQueue, CompletableFuture<Void>> idleSignal = q -> CompletableFuture.completedFuture(null);

    OrderlyLocks(GroupCalls calls, ScheduledExecutorService scheduler, String group, String clientId, Map<MessageQueue, QueueState> owned,
                 Function<MessageQueue, QueueState> take, QueuePuller puller, Consumer<QueueState> commit, BooleanSupplier closed) {
        this.calls = calls;
        this.scheduler = scheduler;
        this.group = group;
        this.clientId = clientId;
        this.owned = owned;
        this.take = take;
        this.puller = puller;
        this.commit = commit;
        this.closed = closed;
    }

    /** Starts the lock tick: missing locks asked for every {@value #LOCK_RETRY_MILLIS} ms, held ones renewed. */
    void start() {
        lastRenewal = nowMillis();
        scheduler.scheduleWithFixedDelay(this::lockTick, LOCK_RETRY_MILLIS, LOCK_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Scheduler thread: {@code mine} is this member's share now; the queues of it not owned or leaving are taken once locked. */
    void assign(List<MessageQueue> mine) {
        assigned = mine;
        awaitingLock.retainAll(mine);
        for (MessageQueue q : mine) {
            if (!owned.containsKey(q) && !leaving.containsKey(q)) {
                awaitingLock.add(q);
            }
        }
        lockAwaiting();
    }

    /** Whether the queue's lock was granted recently enough for its messages to be dispatched. Any thread. */
    boolean valid(QueueState s) {
        return nowMillis() - s.lockedAt <= LOCK_VALID_MILLIS;
    }

    /** The leaving state of {@code q}, or null: its processed messages still count for its commit. */
    QueueState leaving(MessageQueue q) {
        return leaving.get(q);
    }

    /** Queues given up and not yet committed and unlocked. */
    Collection<QueueState> leaving() {
        return leaving.values();
    }

    /** {@code signal} tells when no message of a queue is in the listener; set before the first rebalance gives one up. */
    void idleSignal(Function<MessageQueue, CompletableFuture<Void>> signal) {
        this.idleSignal = Objects.requireNonNull(signal);
    }

    /** Scheduler thread: gives up an owned (already inactive) queue once its message in progress is done. */
    void leave(QueueState s) {
        leaving.put(s.queue, s); // before leaving owned: processed() must always find it
        owned.remove(s.queue);
        LOG.info("group {} member {} gives up {} once its message in progress is done", group, clientId, s.queue);
        idleSignal.apply(s.queue).whenComplete((v, e) -> {
            try {
                scheduler.execute(() -> finishLeaving(s));
            } catch (RejectedExecutionException closing) {
                LOG.debug("closing: {} is committed by close and unlocked by the connection closing", s.queue);
            }
        });
    }

    /** Orderly, scheduler thread: the queue is idle, so its commit covers everything processed; then others may lock it. */
    private void finishLeaving(QueueState s) {
        commit.accept(s);
        try {
            calls.unlock(s.queue);
        } catch (RuntimeException e) {
            LOG.warn("unlock of {} failed; the broker frees it within 60 s", s.queue, e);
        }
        leaving.remove(s.queue, s);
        LOG.info("group {} member {} gave up {} at offset {}", group, clientId, s.queue, s.committed);
        if (assigned.contains(s.queue) && !owned.containsKey(s.queue)) {
            awaitingLock.add(s.queue); // assigned back to us meanwhile
        }
    }

    /** Orderly, scheduler thread: asks for the locks still missing, and renews the held ones every LOCK_RENEW_MILLIS. */
    private void lockTick() {
        if (closed.getAsBoolean()) {
            return;
        }
        try {
            lockAwaiting();
            if (nowMillis() - lastRenewal >= LOCK_RENEW_MILLIS) {
                lastRenewal = nowMillis();
                renewLocks();
            }
        } catch (RuntimeException e) {
            LOG.warn("locking queues of group {} failed; will retry", group, e);
        }
    }

    private void lockAwaiting() {
        if (awaitingLock.isEmpty()) {
            return;
        }
        long now = nowMillis();
        for (Map.Entry<MessageQueue, Boolean> e : calls.lock(new ArrayList<>(awaitingLock)).entrySet()) {
            if (!e.getValue()) {
                continue;
            }
            MessageQueue q = e.getKey();
            awaitingLock.remove(q);
            QueueState s = take.apply(q); // the offset is read under the lock: after everything the previous holder committed
            s.lockedAt = now;
            puller.pull(s);
        }
    }

    private void renewLocks() {
        long now = nowMillis();
        Map<MessageQueue, Boolean> answers = calls.lock(new ArrayList<>(owned.keySet()));
        for (QueueState s : owned.values()) {
            Boolean held = answers.get(s.queue); // null: the broker did not answer; the lock lapses on its own after 30 s
            if (Boolean.TRUE.equals(held)) {
                s.lockedAt = now;
            } else if (Boolean.FALSE.equals(held) && s.lockedAt != 0) {
                s.lockedAt = 0;
                LOG.warn("group {} member {} lost the lock of {}; its messages wait until it is locked again", group, clientId, s.queue);
            }
        }
    }

    private static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }
}
