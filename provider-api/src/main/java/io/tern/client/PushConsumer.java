package io.tern.client;

import io.tern.message.Message;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.SendBackRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Delivers a topic's messages to a listener on {@code concurrency} threads. Underneath is a {@link PullConsumer}
 * (rebalancing, long polls, flow control by cached messages and bytes per queue); offsets are committed only past
 * messages the listener has finished, so a crash or rebalance redelivers what was in progress, never skips it.
 * A listener that throws hands the message back to the broker ({@code CONSUMER_SEND_BACK}): it comes back through the
 * group's retry topic {@code %RETRY%<group>} after the broker's back-off ({@link ReceivedMessage#deliveryCount()} one
 * higher), and after the broker's maxDeliveries it goes to the dead-letter topic {@code %DLQ%<group>} instead. The
 * consumer reads the retry topic beside its own once the broker has created it (checked every second), and hands its
 * messages to the listener with their original topic. If the send-back fails, the message is retried here after a
 * back-off (1 s doubling to 60 s) until the listener succeeds or a send-back does. Broadcasting consumers always retry here.
 *
 * <p>Priority (JMSPriority, best effort as JMS allows; see {@link PullConsumer}): the listener gets the highest
 * priority waiting in the pull buffer first, across the member's queues, equal priorities in arrival order (per queue,
 * send order). The retry topic's messages wait in the same buffer, so a redelivery competes by its priority too. What
 * has already left the buffer is not overtaken: at most {@code 2 x concurrency} messages, those in the listener and as
 * many queued for the next free thread. Offsets are committed only below every message still buffered or in the
 * listener. Orderly consumers ignore priority: per queue, offset order wins.
 *
 * <p>{@link Builder#orderly Orderly}: the member processes only queues it has locked on the broker, and each queue's
 * messages one at a time in offset order (different queues in parallel, up to {@code concurrency}). A listener failure
 * retries the same message after {@code orderlyRetryDelay} before any later message of its queue. A queue moved to
 * another member is stopped between two messages, committed past the last one processed, and only then unlocked, so
 * the next holder starts exactly there. Messages of one sharding key go to one queue ({@link Producer#send(OutgoingMessage, String)}),
 * so per key they are processed in send order; after a member dies the new holder may replay from the last commit.
 *
 * <p>Thread rules: the listener runs on the consumer's threads, several at once; it must be thread-safe. One feeder
 * thread takes messages from the pull buffer (filled by pull answers on client I/O threads) and hands them to the
 * listener threads; listener threads report each message processed, which lets its offset be committed.
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    /** Handles one message; an exception means "not done, deliver it again later". */
    @FunctionalInterface
    public interface Listener {
        void onMessage(ReceivedMessage message) throws Exception;
    }

    private final PullConsumer puller;
    private final Listener listener;
    private final ExecutorService workers;
    private final ScheduledExecutorService retries;
    private final Semaphore slots;
    private final Thread feeder;
    private final boolean orderly;
    private final long orderlyRetryMillis;
    /** Orderly: each queue's messages waiting for its one worker. */
    private final Map<MessageQueue, OrderlyQueue> orderlyQueues = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    /** Settings of the retry topic's consumer; null when failures are retried here (orderly, broadcasting). */
    private final PullConsumer.Builder retrySettings;
    /** Reads the group's retry topic once it exists; guarded by this object's monitor for opening and closing. */
    private volatile PullConsumer retryPuller;
    private java.util.concurrent.ScheduledFuture<?> retryOpener;

    /** Orderly: one queue's pending messages; at most one worker serves it at a time. Guarded by its own monitor. */
    private static final class OrderlyQueue {
        final ArrayDeque<ReceivedMessage> pending = new ArrayDeque<>();
        boolean served;
        CompletableFuture<Void> idle; // completed when the serving worker stops
    }

    /** Orderly: messages a worker serves from one queue before it yields the thread to other queues. */
    private static final int ORDERLY_TURN = 32;

    private PushConsumer(PullConsumer puller, Listener listener, int concurrency, boolean orderly, Duration orderlyRetryDelay,
                         PullConsumer.Builder retrySettings) {
        this.puller = puller;
        this.retrySettings = retrySettings;
        this.listener = listener;
        this.orderly = orderly;
        this.orderlyRetryMillis = orderlyRetryDelay.toMillis();
        puller.idleSignal(this::idle);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(concurrency, r -> daemon(r, "tern-listener-" + n.incrementAndGet()));
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tern-listener-retry"));
        this.slots = new Semaphore(concurrency * 2); // a little work queued per thread, the rest stays in the pull buffer (by priority)
        this.feeder = daemon(orderly ? this::feedOrderly : this::feed, "tern-push-feeder");
        feeder.start();
        if (retrySettings != null) {
            retryOpener = retries.scheduleWithFixedDelay(this::openRetry, 0, 1, TimeUnit.SECONDS);
        }
    }

    /** On the retry scheduler: once the broker has created the group's retry topic, consume it too (into the same buffer). */
    private synchronized void openRetry() {
        if (!running || retryPuller != null || !puller.routable(RetryTopics.retryTopic(retrySettings.groupName()))) {
            return;
        }
        try {
            retryPuller = retrySettings.build();
            retryOpener.cancel(false);
        } catch (RuntimeException e) {
            LOG.debug("opening the retry topic's consumer failed; trying again in 1 s", e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Takes the buffer's first message (the topic's or the retry topic's: their pullers share the buffer) whenever a
     * listener slot is free; a message handed to the executor is no longer overtaken by a higher priority.
     */
    private void feed() {
        try {
            while (running) {
                slots.acquire();
                PullConsumer.Pulled p = puller.next(Duration.ofMillis(200), true);
                if (p == null) {
                    slots.release();
                    continue;
                }
                workers.execute(() -> deliver(p.source(), p.message(), 1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(PullConsumer source, ReceivedMessage m, int attempt) {
        try {
            listener.onMessage(source == puller ? m : asOriginal(m));
        } catch (Exception | Error e) {
            if (retrySettings != null && sentBack(source, m, e)) {
                done(source, m);
                return;
            }
            long backoff = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(attempt - 1, 16));
            LOG.warn("listener failed on message {} (attempt {}); again in {} ms", m.message().id(), attempt, backoff, e);
            if (running) {
                retries.schedule(() -> workers.execute(() -> deliver(source, m, attempt + 1)), backoff, TimeUnit.MILLISECONDS);
            }
            return;
        }
        done(source, m);
    }

    private void done(PullConsumer source, ReceivedMessage m) {
        source.processed(m);
        slots.release();
    }

    /** Hands a failed message to the broker's retry topic (or dead-letter queue); false if that failed. */
    private boolean sentBack(PullConsumer source, ReceivedMessage m, Throwable failure) {
        try {
            SendBackRequest.Result r = source.sendBack(m, m.deliveryCount());
            LOG.warn("listener failed on message {} (delivery {}); {} {}", m.message().id(), m.deliveryCount(),
                    r.deadLettered() ? "moved to the dead-letter queue" : "sent back for retry to", r.destination(), failure);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("listener failed on message {} and sending it back failed ({}); retrying it here", m.message().id(), e.getMessage(), failure);
            return false;
        }
    }

    /** A retry topic's message as the listener sees it: under the topic it was sent to. */
    private static ReceivedMessage asOriginal(ReceivedMessage r) {
        Message m = r.message();
        Message original = new Message(m.id(), RetryTopics.originTopic(m), m.queueId(), m.bornTimestamp(), m.flags(), m.tag(), m.keys(),
                m.properties(), m.body());
        return new ReceivedMessage(original, r.brokerName(), r.queueOffset(), r.storeTimestamp(), r.bornHost());
    }

    /** Orderly: hands each polled message to its queue; flow control is the puller's (tracked messages stay cached). */
    private void feedOrderly() {
        try {
            while (running) {
                for (ReceivedMessage m : puller.poll(Duration.ofMillis(200), 64, true)) {
                    enqueue(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(ReceivedMessage m) {
        OrderlyQueue q = orderlyQueues.computeIfAbsent(puller.queueOf(m), k -> new OrderlyQueue());
        synchronized (q) {
            q.pending.add(m);
            if (q.served) {
                return;
            }
            q.served = true;
        }
        workers.execute(() -> serve(q, null, 1));
    }

    /**
     * Orderly, on a worker: processes the queue's messages one by one, starting with {@code retry} if it is a retry.
     * Ends by yielding (another turn later), waiting (a retry or a lock, scheduled), or stopping when nothing is pending.
     */
    private void serve(OrderlyQueue q, ReceivedMessage retry, int attempt) {
        ReceivedMessage m = retry;
        for (int turn = 0; running; turn++) {
            if (m == null && (m = next(q)) == null) {
                return; // stopped: nothing pending
            }
            if (turn == ORDERLY_TURN) {
                ReceivedMessage first = m;
                workers.execute(() -> serve(q, first, 1));
                return;
            }
            switch (puller.gate(m)) {
                case CLOSED -> m = null; // given up: stays uncommitted, the next holder processes it
                case WAIT -> {
                    later(q, m, attempt, orderlyRetryMillis);
                    return;
                }
                case OPEN -> {
                    if (!process(m, attempt)) {
                        later(q, m, attempt + 1, orderlyRetryMillis);
                        return;
                    }
                    m = null;
                    attempt = 1;
                }
            }
        }
    }

    private boolean process(ReceivedMessage m, int attempt) {
        try {
            listener.onMessage(m);
            puller.processed(m);
            return true;
        } catch (Exception | Error e) {
            LOG.warn("listener failed on message {} of queue {} at offset {} (attempt {}); its queue waits {} ms and retries it",
                    m.message().id(), m.message().queueId(), m.queueOffset(), attempt, orderlyRetryMillis, e);
            return false;
        }
    }

    /** The queue's next pending message, or null after marking it unserved (and signalling whoever waits for that). */
    private ReceivedMessage next(OrderlyQueue q) {
        CompletableFuture<Void> idle;
        synchronized (q) {
            ReceivedMessage m = q.pending.poll();
            if (m != null) {
                return m;
            }
            q.served = false;
            idle = q.idle;
            q.idle = null;
        }
        if (idle != null) {
            idle.complete(null);
        }
        return null;
    }

    private void later(OrderlyQueue q, ReceivedMessage m, int attempt, long delayMillis) {
        if (running) {
            retries.schedule(() -> workers.execute(() -> serve(q, m, attempt)), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Completes when no worker serves the queue: its message in progress, if any, is done. */
    private CompletableFuture<Void> idle(MessageQueue queue) {
        OrderlyQueue q = orderlyQueues.get(queue);
        if (q == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (q) {
            if (!q.served) {
                return CompletableFuture.completedFuture(null);
            }
            if (q.idle == null) {
                q.idle = new CompletableFuture<>();
            }
            return q.idle;
        }
    }

    public String clientId() {
        return puller.clientId();
    }

    /** Messages waiting in the pull buffer for a free listener slot: tests await a backlog. */
    int buffered() {
        return puller.buffered();
    }

    public java.util.Set<MessageQueue> assignment() {
        return puller.assignment();
    }

    /** Stops delivering, waits up to 10 s for listeners in progress, commits what they finished and leaves the group. */
    @Override
    public void close() {
        PullConsumer retry;
        synchronized (this) {
            running = false;
            retry = retryPuller;
        }
        feeder.interrupt();
        retries.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("listeners still running after 10 s; their messages will be delivered again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        puller.close();
        if (retry != null) {
            retry.close();
        }
    }

    /** Push-consumer settings: a listener, its concurrency, and everything a {@link PullConsumer} takes. */
    public static final class Builder {
        private final PullConsumer.Builder pull = PullConsumer.builder();
        private Listener listener;
        private int concurrency = 20;
        private boolean orderly;
        private PullConsumer.Model model = PullConsumer.Model.CLUSTERING;
        private Duration orderlyRetryDelay = Duration.ofSeconds(1);

        public Builder nameServers(String commaSeparated) { pull.nameServers(commaSeparated); return this; }
        public Builder group(String group) { pull.group(group); return this; }
        public Builder topic(String topic) { pull.topic(topic); return this; }
        public Builder tags(String tags) { pull.tags(tags); return this; }
        /** A JMS message selector, evaluated on the broker; see {@link PullConsumer.Builder#selector}. */
        public Builder selector(String selector) { pull.selector(selector); return this; }
        public Builder credentials(String user, String password) { pull.credentials(user, password); return this; }
        public Builder from(PullConsumer.From from) { pull.from(from); return this; }
        public Builder model(PullConsumer.Model model) { pull.model(model); this.model = model; return this; }
        public Builder rebalance(Rebalance r) { pull.rebalance(r); return this; }
        public Builder listener(Listener l) { this.listener = Objects.requireNonNull(l, "listener"); return this; }
        /** Listener threads (default 20). */
        public Builder concurrency(int n) { this.concurrency = n; return this; }
        /**
         * Orderly consumption: queues locked on the broker, each queue's messages one at a time in offset order
         * (default off: every message in parallel). Needs the clustering model.
         */
        public Builder orderly(boolean on) { this.orderly = on; pull.orderly(on); return this; }
        /** Orderly: how long a queue waits before retrying a message its listener failed on (default 1 s). */
        public Builder orderlyRetryDelay(Duration d) { this.orderlyRetryDelay = Objects.requireNonNull(d); return this; }
        /** Anything else of the underlying {@link PullConsumer} (cache limits, long poll, intervals). */
        public Builder pull(UnaryOperator<PullConsumer.Builder> tune) { tune.apply(pull); return this; }

        public PushConsumer build() {
            if (listener == null) {
                throw new IllegalArgumentException("push consumer needs a listener");
            }
            if (concurrency < 1 || concurrency > 1000) {
                throw new IllegalArgumentException("concurrency " + concurrency + " must be 1-1000");
            }
            if (orderlyRetryDelay.isNegative() || orderlyRetryDelay.isZero()) {
                throw new IllegalArgumentException("orderlyRetryDelay must be positive, got " + orderlyRetryDelay);
            }
            PullConsumer main = pull.build();
            boolean sendBack = !orderly && model == PullConsumer.Model.CLUSTERING; // orderly: a retry topic would break order
            return new PushConsumer(main, listener, concurrency, orderly, orderlyRetryDelay, sendBack ? pull.retryOf(main) : null);
        }
    }
}
