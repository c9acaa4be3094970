package io.tern.broker.internal.longpoll;

import io.tern.broker.internal.filter.SubscriptionFilter;
import io.tern.protocol.PullRequest;
import io.tern.remoting.Request;
import io.tern.store.DispatchListener;

import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongBiFunction;

/**
 * Pull requests waiting for messages, by queue. When the dispatcher files a message in a queue ({@link #dispatched})
 * its waiters are handed to the executor to be served again at once; a waiter whose wait runs out is served by a
 * timer with whatever there is (nothing). Serving again may hold a request again (its filter matched nothing new).
 *
 * <pre>
 *   pull finds nothing --hold()--> waiting[topic/queue] --dispatched()--> executor: serve() --> answer or hold again
 *                                                       --deadline-----> executor: serve() --> answer (empty)
 * </pre>
 *
 * Thread rules: {@link #hold} from handler threads; {@link #dispatched} from the store's dispatcher thread (so it
 * only looks up and hands off); serving happens on the executor. The holding, timers and release are
 * {@link HeldRequests}': a request is taken out before it is served, so one thread serves it at a time, and its timer
 * is cancelled when it is taken.
 */
public final class LongPollHolder implements DispatchListener {
    /** A held request, the offset it waits after, and when its wait ends (broker clock, epoch millis). */
    public record Held(Request request, PullRequest pull, SubscriptionFilter filter, long deadline) {
        /** The same request, to be answered now whatever it finds. */
        Held expired() {
            return new Held(request, pull, filter, Long.MIN_VALUE);
        }

        public Held withOffset(long offset) {
            PullRequest p = pull;
            return new Held(request, new PullRequest(p.group(), p.topic(), p.queueId(), offset, p.maxMessages(), p.maxWaitMillis(), p.tags(),
                    p.selector()),
                    filter, deadline);
        }
    }

    private record QueueRef(String topic, int queueId) {
    }

    private final HeldRequests<QueueRef, Held> held;
    private final ScheduledExecutorService timer;
    private final InstantSource clock;
    private final ToLongBiFunction<String, Integer> maxOffset;

    /** @param maxOffset a queue's current max offset, to catch messages filed while a request was being held */
    public LongPollHolder(Executor executor, ScheduledExecutorService timer, InstantSource clock, ToLongBiFunction<String, Integer> maxOffset) {
        this.held = new HeldRequests<>(executor, timer, clock, Held::expired);
        this.timer = timer;
        this.clock = clock;
        this.maxOffset = maxOffset;
    }

    /** Who serves a waiter again (the pull handler). Set before requests flow. */
    public void server(Consumer<Held> server) {
        held.server(server);
    }

    public void hold(Held h) {
        QueueRef ref = new QueueRef(h.pull().topic(), h.pull().queueId());
        held.hold(ref, h, h.deadline());
        // a message filed between the pull's read and the hold found nobody waiting: look once more
        if (maxOffset.applyAsLong(ref.topic(), ref.queueId()) > h.pull().offset()) {
            held.take(ref, x -> x == h);
        }
    }

    /**
     * Serves {@code h} again at {@code at} (broker clock) whatever is dispatched meanwhile: a retry queue whose
     * head is not due yet. New messages behind the head change nothing, so the request does not wait in the queue's list.
     */
    public void wakeAt(Held h, long at) {
        long delay = Math.max(0, at - clock.millis());
        Held again = at >= h.deadline() ? h.expired() : h;
        timer.schedule(() -> held.serveSoon(again), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void dispatched(String topic, int queueId, long maxOffset) {
        held.take(new QueueRef(topic, queueId), h -> h.pull().offset() < maxOffset);
    }

    /** Pulls held now. */
    public int waiting() {
        return held.size();
    }

    /** Timers of held pulls not yet fired or cancelled (an answered pull's timer is cancelled). */
    public int pendingTimers() {
        return held.pendingTimers();
    }

    /** Answers every waiter with what there is, e.g. on shutdown. */
    public void releaseAll() {
        held.releaseAll(Held::expired);
    }
}
