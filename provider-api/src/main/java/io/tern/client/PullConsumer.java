package io.tern.client;

import io.tern.client.internal.ClientSettings;
import io.tern.client.internal.PriorityBuffer;
import io.tern.client.internal.RouteCache;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.PullRequest;
import io.tern.protocol.SendBackRequest;
import io.tern.remoting.RemotingClient;
import io.tern.selector.Selector;
import io.tern.selector.SelectorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Consumes a topic in offset mode: the group's members share the topic's queues ({@link Rebalance}), each member
 * pulls its queues ahead into a local buffer (long polls, so new messages arrive as soon as they are stored), and
 * {@link #poll} hands buffered messages out. Offsets of polled messages are committed to the broker by
 * {@link #commit()} and every {@code autoCommitInterval}; a queue that moves to another member is committed first.
 * The new owner starts at the committed offset: messages polled but not committed before a rebalance are seen
 * again (at-least-once), and none is lost.
 *
 * <p>In {@link Model#BROADCASTING} every member takes every queue and keeps its offsets itself, in memory.
 *
 * <p>Priority ({@link Message#priority()}, JMSPriority 0-9, absent or invalid = 4), best effort as JMS allows: the
 * buffer hands out the highest priority first, across all of this member's queues, and within a priority in arrival
 * order, so a queue's equal priorities keep send order. Only what is buffered competes: each queue's pulls pause at
 * {@code maxCachedPerQueue} messages, so a high priority stored behind that many waiting messages of its queue waits
 * until the consumer has taken about half of them; and a steady stream of high priorities delays lower ones as long as
 * it lasts. The commit of a queue stops below its lowest offset still buffered (or in a push listener), so messages
 * overtaken by a higher priority are never skipped by a crash or rebalance. Orderly consumers ignore priority: each
 * queue's messages go out in offset order.
 *
 * <p>Orderly mode (for {@link PushConsumer.Builder#orderly}): a queue is taken only once this member holds its lock on
 * the broker ({@code LOCK_QUEUES}), and only then is its start offset read, so it starts after everything the previous
 * holder committed. Locks are renewed every {@value OrderlyLocks#LOCK_RENEW_MILLIS} ms; a queue whose lock was not renewed within
 * {@value OrderlyLocks#LOCK_VALID_MILLIS} ms is not dispatched ({@link #gate}) until it is (the broker frees it after 60 s). A queue
 * given up is first stopped, then, once the push consumer reports it idle (no message of it in its listener), committed
 * and unlocked; until then this member does not take it back.
 *
 * <p>Transactional ({@link Builder#transactional}, consume-transform-produce): offsets are committed only inside a
 * {@link Producer} transaction, with {@link #commit(Transaction)}, so they become the group's committed offsets exactly
 * when the transaction's messages become visible. Nothing else commits: no auto-commit timer, no commit on close or
 * when a queue moves to another member (its next owner starts from the last committed transaction), and
 * {@link #commit()} is refused; only a queue the group has no offset for gets its start committed when a member takes
 * it, so no successor starts past it. A rollback rewinds the consumer ({@link #rollback()}): what was polled since the last
 * committed transaction is polled again. Exactly-once holds while queue ownership is stable: after a rebalance the
 * new owner may consume again what an old owner's still-open transaction holds (no fencing of the old member).
 *
 * <p>Thread rules: {@link #poll}, {@link #commit}, {@link #commit(Transaction)} and {@link #rollback} from one thread
 * at a time (the application's consuming thread, or a push consumer's feeder), which also ends the transactions this
 * consumer commits into (their end rewinds or records this consumer's offsets); pulls complete on client I/O threads
 * and add to the buffer there; heartbeats, rebalancing (which drops a given-up queue's messages from the buffer),
 * rewinds and auto-commit run on the consumer's scheduler.
 */
public final class PullConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PullConsumer.class);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    /** Whether a message taken with {@code tracked} may go to the listener now ({@link #gate}). */
    enum Gate {
        /** Yes. */
        OPEN,
        /** Not yet: the queue's lock is not currently valid (orderly); ask again later. */
        WAIT,
        /** Never: the queue was given up (or re-taken since); drop the message, its offset stays uncommitted. */
        CLOSED
    }

    /** A buffered message with what its taking updates: its queue's state and the consumer that pulled it. */
    record Pulled(ReceivedMessage message, QueueState state, PullConsumer source) {
    }

    /** Where a group with no committed offset starts. */
    public enum From { FIRST, LAST }

    /** Clustering: each message to one member. Broadcasting: each member gets every message. */
    public enum Model { CLUSTERING, BROADCASTING }

    private final String group;
    private final String topic;
    private final Rebalance rebalance;
    private final Model model;
    private final String clientId;
    private final RemotingClient client;
    private final RouteCache routes;
    private final GroupCalls calls;
    private final ScheduledExecutorService scheduler;
    private final Map<MessageQueue, QueueState> owned = new ConcurrentHashMap<>();
    /** Pulled messages not yet taken; a push consumer's retry-topic puller shares its main puller's ({@link Builder#retryOf}). */
    private final PriorityBuffer<Pulled> buffer;
    private final boolean transactional;
    /** Where committed offsets live (the broker, or memory when broadcasting) and where a queue taken up starts. */
    private final ConsumerOffsets offsets;
    /** The owned queues' long polls into the buffer, and their flow control. */
    private final QueuePuller puller;
    /** Orderly mode's queue locks and leaving queues; null when not orderly. */
    private final OrderlyLocks locks;
    private volatile boolean closed;

    private PullConsumer(Builder b) {
        this.group = b.group;
        this.topic = b.topic;
        this.rebalance = b.rebalance;
        this.model = b.model;
        this.buffer = b.buffer != null ? b.buffer : new PriorityBuffer<>();
        this.transactional = b.transactional;
        this.clientId = b.clientId != null ? b.clientId
                : ManagementFactory.getRuntimeMXBean().getName() + "@" + UUID.randomUUID().toString().substring(0, 8);
        this.client = b.settings.connect(clientId, 4096, 64);
        this.routes = new RouteCache(client, b.settings.nameServers(), CALL_TIMEOUT, false);
        this.calls = new GroupCalls(client, routes, group, topic, clientId, CALL_TIMEOUT);
        this.offsets = new ConsumerOffsets(calls, model, b.from, b.fromTime, transactional);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-consumer-" + group);
            t.setDaemon(true);
            return t;
        });
        this.puller = new QueuePuller(this, new QueuePuller.Settings(group, topic, b.tags, b.selector, b.pullBatch, b.longPoll,
                b.maxCachedPerQueue, b.maxCachedBytesPerQueue, b.orderly), client, calls, scheduler, buffer, () -> closed);
        this.locks = b.orderly ? new OrderlyLocks(calls, scheduler, group, clientId, owned, this::take, puller, this::commitQuietly,
                () -> closed) : null;
        start(b);
    }

    /** Joins the group: first heartbeat and rebalance, then the timers (heartbeat, rebalance, routes, auto-commit, locks). */
    private void start(Builder b) {
        client.onNotification(CommandCode.NOTIFY_MEMBERS_CHANGED, f -> {
            if (!closed) {
                scheduler.execute(this::rebalance); // hand off: this runs on an I/O thread
            }
        });
        routes.route(topic); // fail fast on an unknown topic or unreachable NameServers
        heartbeat();
        scheduler.execute(this::rebalance);
        scheduler.scheduleWithFixedDelay(this::heartbeat, 10, 10, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::rebalance, b.rebalanceInterval.toMillis(), b.rebalanceInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(routes::refreshAll, 30, 30, TimeUnit.SECONDS);
        if (!transactional) { // a timer commit would race the transaction holding the same offsets
            scheduler.scheduleWithFixedDelay(this::commitQuietly, b.autoCommit.toMillis(), b.autoCommit.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (locks != null) {
            locks.start();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String clientId() {
        return clientId;
    }

    /** The queues this member owns now. */
    public Set<MessageQueue> assignment() {
        return new TreeSet<>(owned.keySet());
    }

    /** Messages pulled and waiting in the buffer (with a push consumer's retry topic, both topics'): tests await a backlog. */
    int buffered() {
        return buffer.size();
    }

    /** Up to {@code max} buffered messages, highest priority first, waiting up to {@code timeout} for the first one. */
    public List<ReceivedMessage> poll(Duration timeout, int max) throws InterruptedException {
        return poll(timeout, max, false);
    }

    /**
     * As {@link #poll(Duration, int)}, but with {@code tracked} the offsets stay uncommitted until {@link #processed}:
     * how the {@link PushConsumer} commits only what its listener has finished.
     */
    List<ReceivedMessage> poll(Duration timeout, int max, boolean tracked) throws InterruptedException {
        List<ReceivedMessage> out = new ArrayList<>();
        for (Pulled p = next(timeout, tracked); p != null; p = out.size() < max ? nextNow(tracked) : null) {
            out.add(p.message());
        }
        return out;
    }

    /**
     * The first buffered message whose queue is still owned, taken as by {@link #poll(Duration, int, boolean)}; null if
     * none came within {@code timeout} (or only given-up ones). A shared buffer may hand out the other consumer's.
     */
    Pulled next(Duration timeout, boolean tracked) throws InterruptedException {
        Pulled p = buffer.poll(timeout);
        return p == null || p.source().take(p, tracked) ? p : nextNow(tracked);
    }

    /** As {@link #next(Duration, boolean)}, without waiting. */
    private Pulled nextNow(boolean tracked) {
        Pulled p = buffer.poll();
        while (p != null && !p.source().take(p, tracked)) {
            p = buffer.poll();
        }
        return p;
    }

    /** Records that {@code p} left the buffer; false if its queue was given up (the next owner starts at the commit). */
    private boolean take(Pulled p, boolean tracked) {
        QueueState s = p.state();
        if (!s.active) {
            return false;
        }
        long offset = p.message().queueOffset();
        s.consumed = Math.max(s.consumed, offset + 1);
        if (tracked) {
            s.inFlight.add(offset); // stays in the queue's cache until processed: a stuck listener pauses its queue's pulls
        }
        s.buffered.remove(offset); // after inFlight.add: a concurrent commitOffset() finds the offset in one of them
        if (!tracked) {
            puller.uncache(s, p.message());
        }
        return true;
    }

    /** A message taken with {@code tracked} is done: its offset may be committed. */
    void processed(ReceivedMessage m) {
        MessageQueue q = queueOf(m);
        QueueState s = owned.get(q);
        if (s == null && locks != null) {
            s = locks.leaving(q);
        }
        if (s != null && s.inFlight.remove(m.queueOffset())) {
            puller.uncache(s, m);
        }
    }

    /** May a message taken with {@code tracked} go to the listener now? Any thread. */
    Gate gate(ReceivedMessage m) {
        QueueState s = owned.get(queueOf(m));
        if (s == null || !s.active || !s.inFlight.contains(m.queueOffset())) {
            return Gate.CLOSED;
        }
        if (locks != null && !locks.valid(s)) {
            return Gate.WAIT;
        }
        return Gate.OPEN;
    }

    /** Orderly: {@code signal} tells when no message of a queue is in the listener; set before the first rebalance gives one up. */
    void idleSignal(Function<MessageQueue, CompletableFuture<Void>> signal) {
        Objects.requireNonNull(signal);
        if (locks != null) {
            locks.idleSignal(signal);
        }
    }

    MessageQueue queueOf(ReceivedMessage m) {
        return new MessageQueue(topic, m.brokerName(), m.message().queueId());
    }

    /**
     * Hands a message this consumer polled back to its broker as failed (CONSUMER_SEND_BACK): the broker moves a copy
     * to the group's retry topic, or its dead-letter topic after maxDeliveries, and the original may be committed.
     */
    SendBackRequest.Result sendBack(ReceivedMessage m, int deliveryCount) {
        return calls.sendBack(queueOf(m), m, deliveryCount);
    }

    /** True if some NameServer knows a route for {@code t} now. */
    boolean routable(String t) {
        try {
            routes.fetch(t);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Commits the offsets of everything polled so far. A transactional consumer commits with {@link #commit(Transaction)}. */
    public void commit() {
        if (transactional) {
            throw new IllegalStateException("consumer of group " + group + " is transactional: commit its offsets with commit(Transaction)");
        }
        for (QueueState s : owned.values()) {
            offsets.commit(s);
        }
        if (locks != null) {
            for (QueueState s : locks.leaving()) {
                offsets.commit(s);
            }
        }
    }

    private void commitQuietly() {
        if (transactional) {
            return; // close: only transactions commit
        }
        try {
            commit();
        } catch (RuntimeException e) {
            LOG.warn("auto-commit for group {} failed; will retry", group, e);
        }
    }

    /**
     * Holds the offsets of everything polled so far in {@code tx} (one {@code TX_COMMIT_OFFSET} per queue that moved
     * since its last commit): they become the group's committed offsets when {@code tx} commits, together with its
     * messages, and are dropped if it rolls back, which also rewinds this consumer ({@link #rollback()}). Calling it
     * again in the same transaction replaces the offsets held before. A transaction lives on one broker: every queue
     * to commit must be on {@code tx}'s broker (if it has none yet, all on one broker, which it is then pinned to);
     * otherwise nothing is held and this throws {@link IllegalStateException} naming the queue and both brokers.
     * Needs {@link Builder#transactional}.
     */
    public void commit(Transaction tx) {
        if (!transactional) {
            throw new IllegalStateException("consumer of group " + group + " is not transactional (Builder.transactional): its auto-commit"
                    + " would race the transaction");
        }
        Map<QueueState, Long> moved = new LinkedHashMap<>();
        for (QueueState s : owned.values()) {
            long offset = s.commitOffset();
            if (s.active && offset != (s.committed >= 0 ? s.committed : s.start)) {
                moved.put(s, offset);
            }
        }
        if (!moved.isEmpty()) {
            OffsetHold.hold(tx, moved, calls, this::rollback);
        }
    }

    /**
     * Rewinds every queue to the group's committed offset on the broker (where this member took the queue up, if the
     * group has none): what was polled since the last committed transaction is polled again. A rollback of a
     * transaction this consumer committed into calls it; call it after rolling back one it had not committed into yet,
     * or after a commit whose outcome is unknown (the broker's offset is the truth either way). Transactional only.
     */
    public void rollback() {
        if (!transactional) {
            throw new IllegalStateException("consumer of group " + group + " is not transactional: there is nothing to roll back");
        }
        if (closed) {
            return; // a transaction ended after close: the next member starts from the committed offsets anyway
        }
        List<QueueState> rewound = owned.values().stream().filter(s -> s.active).toList();
        rewound.forEach(s -> s.active = false); // poll() drops their buffered messages, their pulls stop
        buffer.removeIf(p -> rewound.contains(p.state())); // QueueState has identity equality
        try {
            scheduler.submit(() -> rewound.forEach(this::rewind)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TernClientException("rewind of group " + group + " interrupted; it completes on the consumer's thread", e);
        } catch (ExecutionException | RejectedExecutionException e) {
            throw new TernClientException("rewind of group " + group + " failed (consumer closed?): " + e.getMessage(), e);
        }
    }

    /** Scheduler thread: the queue again from the committed offset, unless a rebalance gave it away meanwhile. */
    private void rewind(QueueState old) {
        if (!owned.remove(old.queue, old)) {
            return;
        }
        QueueState s = offsets.rewound(old);
        owned.put(old.queue, s);
        LOG.info("group {} member {} rewinds {} to offset {}", group, clientId, s.queue, s.nextPull);
        puller.pull(s);
    }

    private void heartbeat() {
        byte[] header = new Heartbeat(clientId, List.of(group), List.of()).encode();
        for (String broker : routes.allMasterAddresses()) {
            client.invokeAsync(broker, CommandCode.HEARTBEAT, header, null, CALL_TIMEOUT)
                    .exceptionally(e -> {
                        LOG.debug("heartbeat to {} failed", broker, e);
                        return null;
                    });
        }
    }

    /** Recomputes this member's share and starts or stops pulling queues accordingly. Scheduler thread only. */
    void rebalance() {
        if (closed) {
            return;
        }
        try {
            List<MessageQueue> all = routes.readQueues(topic);
            List<MessageQueue> mine = model == Model.BROADCASTING ? all : rebalance.allocate(clientId, calls.members(all), all);
            for (QueueState s : new ArrayList<>(owned.values())) {
                if (!mine.contains(s.queue)) {
                    giveUp(s);
                }
            }
            if (locks != null) {
                locks.assign(mine); // each queue not yet owned is taken once its lock is granted
                return;
            }
            for (MessageQueue q : mine) {
                if (!owned.containsKey(q)) {
                    puller.pull(take(q));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("rebalance of group {} failed; will retry", group, e);
        }
    }

    private QueueState take(MessageQueue q) {
        QueueState s = new QueueState(q, offsets.start(q));
        owned.put(q, s);
        LOG.info("group {} member {} takes {} from offset {}", group, clientId, q, s.nextPull);
        return s;
    }

    private void giveUp(QueueState s) {
        s.active = false;
        buffer.removeIf(p -> p.state() == s); // a pull answer that races this is skipped by take(); s.buffered stays for the commit
        if (locks != null) {
            locks.leave(s); // committed and unlocked once the push consumer reports the queue idle
            return;
        }
        commitQuietly(s);
        owned.remove(s.queue);
        LOG.info("group {} member {} gives up {}", group, clientId, s.queue);
    }

    private void commitQuietly(QueueState s) {
        if (transactional) {
            return; // giving a queue up: its next owner starts from the last committed transaction
        }
        try {
            offsets.commit(s);
        } catch (RuntimeException e) {
            LOG.warn("commit of {} on giving it up failed; the next owner may see some messages again", s.queue, e);
        }
    }

    /** Commits what was polled and leaves the group (the others take over its queues at their next rebalance). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        commitQuietly();
        owned.values().forEach(s -> s.active = false);
        client.close();
    }

    /** Validated consumer settings. */
    public static final class Builder {
        private ClientSettings settings = new ClientSettings();

        /** Log in as {@code user} (brokers with access control refuse anonymous clients). */
        public Builder credentials(String user, String password) {
            settings.credentials(user, password);
            return this;
        }

        private String group;
        private String topic;
        private String tags = "*";
        private String selector;
        private Rebalance rebalance = Rebalance.AVERAGE;
        private From from = From.LAST;
        private java.time.Instant fromTime;
        private Model model = Model.CLUSTERING;
        private int maxCachedPerQueue = 1000;
        private long maxCachedBytesPerQueue = 100L << 20;
        private int pullBatch = 32;
        private Duration longPoll = Duration.ofSeconds(15);
        private Duration rebalanceInterval = Duration.ofSeconds(20);
        private Duration autoCommit = Duration.ofSeconds(5);
        private boolean orderly;
        private boolean transactional;
        private String clientId;
        private PriorityBuffer<Pulled> buffer;

        public Builder nameServers(String commaSeparated) {
            settings.nameServers(commaSeparated);
            return this;
        }

        public Builder group(String group) { this.group = group; return this; }
        public Builder topic(String topic) { this.topic = topic; return this; }
        /** "*" for every message, or "a || b". */
        public Builder tags(String tags) { this.tags = tags; return this; }
        /**
         * A JMS message selector ({@link Selector}), evaluated on the broker: messages it does not select never reach
         * this consumer, and the consumer's offset moves past them. Null or blank for none; checked by {@link #build()}.
         */
        public Builder selector(String selector) { this.selector = selector; return this; }
        public Builder rebalance(Rebalance r) { this.rebalance = Objects.requireNonNull(r); return this; }
        public Builder from(From f) { this.from = Objects.requireNonNull(f); return this; }
        /** A group with no committed offset starts at the first message stored at or after {@code time} (time travel). */
        public Builder fromTime(java.time.Instant time) { this.fromTime = Objects.requireNonNull(time); return this; }
        public Builder model(Model m) { this.model = Objects.requireNonNull(m); return this; }
        /** Buffered messages per queue before pulling pauses (flow control). */
        public Builder maxCachedPerQueue(int n) { this.maxCachedPerQueue = n; return this; }
        /** Buffered body bytes per queue before pulling pauses (flow control). */
        public Builder maxCachedBytesPerQueue(long n) { this.maxCachedBytesPerQueue = n; return this; }
        public Builder pullBatch(int n) { this.pullBatch = n; return this; }
        public Builder longPoll(Duration d) { this.longPoll = d; return this; }
        public Builder rebalanceInterval(Duration d) { this.rebalanceInterval = d; return this; }
        public Builder autoCommitInterval(Duration d) { this.autoCommit = d; return this; }
        /**
         * Transactional: offsets are committed only with {@link PullConsumer#commit(Transaction)} (no auto-commit, none
         * on close or rebalance); clustering, not orderly.
         */
        public Builder transactional(boolean on) { this.transactional = on; return this; }
        /** Orderly mode, for the {@link PushConsumer}: queues are locked on the broker before they are taken. */
        Builder orderly(boolean on) { this.orderly = on; return this; }
        /** The member id (default: process name + random): a push consumer's retry puller shares its main puller's. */
        Builder clientId(String id) { this.clientId = id; return this; }

        String groupName() { return group; }

        /**
         * Settings for the consumer of this group's retry topic beside {@code main}: same NameServers, group, member id,
         * intervals and buffer (so one feeder takes both topics' messages by priority); every message (they passed the
         * filter once), from the first one when the group has no offset there.
         */
        Builder retryOf(PullConsumer main) {
            Builder b = new Builder();
            b.settings = settings.copy(); // same NameServers and credentials
            b.group = group;
            b.topic = io.tern.protocol.RetryTopics.retryTopic(group);
            b.rebalance = rebalance;
            b.from = From.FIRST;
            b.model = model;
            b.maxCachedPerQueue = maxCachedPerQueue;
            b.maxCachedBytesPerQueue = maxCachedBytesPerQueue;
            b.pullBatch = pullBatch;
            b.longPoll = longPoll;
            b.rebalanceInterval = rebalanceInterval;
            b.autoCommit = autoCommit;
            b.clientId = main.clientId;
            b.buffer = main.buffer;
            return b;
        }

        public PullConsumer build() {
            settings.requireNameServers("consumer");
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("consumer needs a group name");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("consumer needs a topic");
            }
            checkSelector(selector);
            if (pullBatch < 1 || pullBatch > PullRequest.MAX_MESSAGES) {
                throw new IllegalArgumentException("pullBatch " + pullBatch + " must be 1-" + PullRequest.MAX_MESSAGES);
            }
            if (maxCachedBytesPerQueue < 1) {
                throw new IllegalArgumentException("maxCachedBytesPerQueue " + maxCachedBytesPerQueue + " must be positive");
            }
            if (orderly && model == Model.BROADCASTING) {
                throw new IllegalArgumentException("orderly consumption needs the clustering model: broadcasting members take every queue");
            }
            if (transactional && (orderly || model == Model.BROADCASTING)) {
                throw new IllegalArgumentException("a transactional consumer commits its group's offsets on the broker: it needs the"
                        + " clustering model and is not orderly");
            }
            if (maxCachedPerQueue < pullBatch) {
                throw new IllegalArgumentException("maxCachedPerQueue " + maxCachedPerQueue + " must be at least pullBatch " + pullBatch);
            }
            for (Duration d : List.of(longPoll, rebalanceInterval, autoCommit)) {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("consumer durations must be positive, got " + d);
                }
            }
            return new PullConsumer(this);
        }

        /** A selector that does not compile fails here, with its position and reason, not at the first pull. */
        private static void checkSelector(String selector) {
            try {
                Selector.compile(selector);
            } catch (SelectorException e) {
                throw new IllegalArgumentException("invalid selector \"" + selector + "\": " + e.getMessage(), e);
            }
        }
    }
}
