package io.tern.broker.internal;

import io.tern.protocol.PullRequest;
import io.tern.remoting.Request;
import io.tern.store.DispatchListener;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * only looks up and hands off); serving happens on the executor. A request is taken out of the map before it is
 * served, so it is served by one thread at a time; the request itself answers only once.
 */
public final class LongPollHolder implements DispatchListener {
    /** A held request, the offset it waits after, and when its wait ends (broker clock, epoch millis). */
    public record Held(Request request, PullRequest pull, SubscriptionFilter filter, long deadline) {
        /** The same request, to be answered now whatever it finds. */
        Held expired() {
            return new Held(request, pull, filter, Long.MIN_VALUE);
        }

        Held withOffset(long offset) {
            PullRequest p = pull;
            return new Held(request, new PullRequest(p.group(), p.topic(), p.queueId(), offset, p.maxMessages(), p.maxWaitMillis(), p.tags(),
                    p.selector()),
                    filter, deadline);
        }
    }

    private record QueueRef(String topic, int queueId) {
    }

    private final Map<QueueRef, List<Held>> waiting = new ConcurrentHashMap<>();
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final InstantSource clock;
    private final ToLongBiFunction<String, Integer> maxOffset;
    private volatile Consumer<Held> server = h -> { };

    /** @param maxOffset a queue's current max offset, to catch messages filed while a request was being held */
    public LongPollHolder(Executor executor, ScheduledExecutorService timer, InstantSource clock, ToLongBiFunction<String, Integer> maxOffset) {
        this.executor = executor;
        this.timer = timer;
        this.clock = clock;
        this.maxOffset = maxOffset;
    }

    /** Who serves a waiter again (the pull handler). Set before requests flow. */
    public void server(Consumer<Held> server) {
        this.server = server;
    }

    public void hold(Held held) {
        QueueRef ref = new QueueRef(held.pull().topic(), held.pull().queueId());
        waiting.compute(ref, (k, list) -> {
            List<Held> l = list == null ? new ArrayList<>() : list;
            l.add(held);
            return l;
        });
        long delay = Math.max(0, held.deadline() - clock.millis());
        timer.schedule(() -> release(ref, held, true), delay, TimeUnit.MILLISECONDS);
        // a message filed between the pull's read and the hold above found nobody waiting: look once more
        if (maxOffset.applyAsLong(ref.topic(), ref.queueId()) > held.pull().offset()) {
            executor.execute(() -> release(ref, held, false));
        }
    }

    /**
     * Serves {@code held} again at {@code at} (broker clock) whatever is dispatched meanwhile: a retry queue whose
     * head is not due yet. New messages behind the head change nothing, so the request does not wait in the queue's list.
     */
    public void wakeAt(Held held, long at) {
        long delay = Math.max(0, at - clock.millis());
        Held again = at >= held.deadline() ? held.expired() : held;
        timer.schedule(() -> executor.execute(() -> server.accept(again)), delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void dispatched(String topic, int queueId, long maxOffset) {
        QueueRef ref = new QueueRef(topic, queueId);
        if (!waiting.containsKey(ref)) {
            return;
        }
        List<Held> taken = new ArrayList<>();
        waiting.computeIfPresent(ref, (k, list) -> {
            list.removeIf(h -> {
                if (h.pull().offset() < maxOffset) {
                    taken.add(h);
                    return true;
                }
                return false;
            });
            return list.isEmpty() ? null : list;
        });
        for (Held h : taken) {
            executor.execute(() -> server.accept(h));
        }
    }

    /** Takes {@code held} out if it is still waiting and serves it; a timed-out one is answered whatever it finds. */
    private void release(QueueRef ref, Held held, boolean timedOut) {
        boolean[] removed = {false};
        waiting.computeIfPresent(ref, (k, list) -> {
            removed[0] = list.remove(held);
            return list.isEmpty() ? null : list;
        });
        if (removed[0]) {
            server.accept(timedOut ? held.expired() : held);
        }
    }

    /** Answers every waiter with what there is, e.g. on shutdown. */
    public void releaseAll() {
        for (QueueRef ref : new ArrayList<>(waiting.keySet())) {
            List<Held> list = waiting.remove(ref);
            if (list != null) {
                list.forEach(h -> server.accept(h.expired()));
            }
        }
    }
}
