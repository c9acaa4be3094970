package io.tern.broker.internal.lease;

import io.tern.broker.internal.delay.ExpiryGate;
import io.tern.broker.internal.filter.SelectorCache;
import io.tern.broker.internal.filter.SubscriptionFilter;
import io.tern.broker.internal.handler.AnswerBudget;
import io.tern.broker.internal.handler.PullHandler;
import io.tern.broker.internal.handler.RetryAppender;
import io.tern.broker.internal.longpoll.ReceiveWaiters;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.AckRequest;
import io.tern.protocol.ChangeInvisibilityRequest;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.NackRequest;
import io.tern.protocol.ReceiveRequest;
import io.tern.protocol.ReleaseLeaseRequest;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.Request;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;

/**
 * RECEIVE, ACK, NACK and CHANGE_INVISIBILITY (lease mode). A receive visits the topic's queues round robin, starting
 * one queue further each time, and takes from each queue's cursor in offset order: redeliveries first, then new
 * messages; messages its {@link SubscriptionFilter} (tags, then selector) does not take are never sent and stay
 * available to the group's other receivers (see {@link LeaseCursor}: ready and unclaimed offsets). A message whose
 * consume-queue tag hash the filter rejects is not even read from the commit log; one whose hash passes is read and
 * its exact tag compared (hashes collide). With nothing to lease the request
 * waits in {@link ReceiveWaiters}. Acks and nacks take effect in memory at once and are answered once the
 * {@link GroupCommitJournal} has them on disk.
 *
 * <p>Thread rules: handler threads; stateless apart from the round-robin counters. Each queue is served under its
 * cursor's monitor (store reads included), so concurrent receives never lease one offset twice.
 */
public final class LeaseService {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseService.class);
    /**
     * Frontier offsets looked at per {@link MessageStore#scan} (and the priority window, below): 64 consume-queue
     * entries are 1,280 bytes, and only the records among them whose tag hash the filter accepts are read.
     */
    private static final int SCAN_BATCH = 64;
    /**
     * Ready offsets a receive looks at per queue, and unclaimed records it reads, at least twice what it wants. An
     * offset costs a consume-queue entry, plus a store read if its tag hash passes the filter: 64 reads of about a
     * microsecond each keep a receive well under a millisecond even when the group's backlog holds thousands of
     * messages its filter does not take. The cost: a ready offset beyond the first 64 is seen only once the ones
     * before it are leased (unclaimed ones are reached through the filter's mark, so none is stuck).
     */
    private static final int SCAN_WINDOW = 64;
    /**
     * Unclaimed offsets a receive looks at per queue at most, however few records that costs: offsets whose tag hash
     * the filter rejects are not read, so a tag filter crosses 1,024 of them (a consume-queue entry each, about 50 ns:
     * ~50 us) looking for its next match in a backlog of other tags.
     */
    private static final int UNCLAIMED_LOOK_LIMIT = 1024;
    static final long MIN_INVISIBILITY_MILLIS = 10;
    static final long MAX_INVISIBILITY_MILLIS = Duration.ofHours(12).toMillis();

    private final MessageStore store;
    private final TopicTable topics;
    private final LeaseTable leases;
    private final ReceiveWaiters waiters;
    private final String brokerName;
    private final long maxWaitMillis;
    private final InstantSource clock;
    private final SelectorCache selectors = new SelectorCache();
    private final Map<String, AtomicInteger> nextQueue = new ConcurrentHashMap<>();
    /** How long a message stays leased to the broker while its dead-letter copy is stored. */
    static final long DEAD_LETTER_HOLD_MILLIS = 60_000;
    /** How long a message whose dead-letter copy failed waits before the next receive tries again. */
    static final long DEAD_LETTER_RETRY_MILLIS = 1_000;
    private final RetryAppender deadLetters;
    private final ExpiryGate expiry;
    /** Bytes of messages one answer may carry ({@link AnswerBudget}): the frame limit less its headroom. */
    private final long answerBytes;
    private final ConnectionLeases holders;

    public LeaseService(MessageStore store, TopicTable topics, LeaseTable leases, ReceiveWaiters waiters, String brokerName,
                        Duration maxWait, InstantSource clock, RetryAppender deadLetters, ExpiryGate expiry, long answerBytes) {
        this.answerBytes = answerBytes;
        this.holders = new ConnectionLeases(this::giveBackClosed);
        this.deadLetters = deadLetters;
        this.expiry = expiry;
        this.store = store;
        this.topics = topics;
        this.leases = leases;
        this.waiters = waiters;
        this.brokerName = brokerName;
        this.maxWaitMillis = maxWait.toMillis();
        this.clock = clock;
        waiters.server(this::serve);
    }

    public void receive(Request request) {
        ReceiveRequest r = ReceiveRequest.decode(request.frame().header());
        TopicConfig topic = topics.get(r.topic());
        String refusal = refusal(r, topic);
        if (refusal != null) {
            request.error(topic == null ? ResponseCode.TOPIC_NOT_FOUND : topic.readable() ? ResponseCode.INVALID_REQUEST : ResponseCode.NO_PERMISSION, refusal);
            return;
        }
        SubscriptionFilter filter;
        try {
            filter = SubscriptionFilter.of(selectors, r.group(), r.topic(), r.tags(), r.selector());
        } catch (IllegalArgumentException e) {
            request.error(ResponseCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        serve(new ReceiveWaiters.Held(request, r, filter, clock.millis() + Math.min(r.maxWaitMillis(), maxWaitMillis), 0));
    }

    private static String refusal(ReceiveRequest r, TopicConfig topic) {
        if (topic == null) {
            return "topic " + r.topic() + " does not exist on this broker";
        }
        if (!topic.readable()) {
            return "topic " + topic.name() + " is not readable (perm " + topic.perm() + ")";
        }
        if (r.maxMessages() < 1 || r.maxMessages() > ReceiveRequest.MAX_MESSAGES) {
            return "maxMessages " + r.maxMessages() + " must be 1-" + ReceiveRequest.MAX_MESSAGES;
        }
        if (r.invisibilityMillis() < MIN_INVISIBILITY_MILLIS || r.invisibilityMillis() > MAX_INVISIBILITY_MILLIS) {
            return "invisibilityMillis " + r.invisibilityMillis() + " must be " + MIN_INVISIBILITY_MILLIS + "-" + MAX_INVISIBILITY_MILLIS;
        }
        if (r.maxWaitMillis() < 0) {
            return "maxWaitMillis " + r.maxWaitMillis() + " must not be negative";
        }
        return null;
    }

    /** Leases what there is and answers, or holds the request if there is nothing and its wait is not over. Any thread. */
    void serve(ReceiveWaiters.Held held) {
        ReceiveRequest r = held.receive();
        if (!held.request().connection().isActive()) {
            return; // its connection closed while it waited: leasing now would strand messages until their leases expire
        }
        ReceiveWaiters.Held seeing = held.seeing(waiters.version(r.topic()));
        TopicConfig topic = topics.get(r.topic());
        Taken taken = topic == null ? new Taken(List.of(), false) : lease(held.request().connection(), r, held.filter(), topic.readQueues());
        long now = clock.millis();
        if (!taken.leased().isEmpty() || now >= held.deadline()) {
            held.request().ok(null, ReceiveRequest.encodeBody(taken.leased()));
            if (!taken.leased().isEmpty() && !held.request().connection().isActive()) {
                holders.connectionClosed(held.request().connection()); // it closed while these were leased: its close was handled before
            }
            return;
        }
        if (taken.unclaimedLeft()) {
            waiters.again(seeing); // its marks moved on through a backlog it does not take: look further now, not after a wait
            return;
        }
        long wakeAt = held.deadline();
        for (LeaseCursor c : leases.cursorsOf(r.group(), r.topic())) {
            wakeAt = Math.min(wakeAt, c.nextDeadline());
        }
        waiters.hold(seeing, wakeAt);
    }

    /** What one look at the topic's queues leased, and whether a queue has unclaimed offsets it did not get to. */
    private record Taken(List<ReceiveRequest.Leased> leased, boolean unclaimedLeft) {
    }

    private Taken lease(io.netty.channel.Channel connection, ReceiveRequest r, SubscriptionFilter filter, int queues) {
        List<ReceiveRequest.Leased> out = new ArrayList<>();
        boolean unclaimedLeft = false;
        Receiver rv = new Receiver(r, filter, filter.tagHashes(), r.tags() + '\n' + r.selector(), connection);
        int start = Math.floorMod(nextQueue.computeIfAbsent(r.group() + '\n' + r.topic(), k -> new AtomicInteger()).getAndIncrement(), queues);
        int share = Math.max(1, (r.maxMessages() + queues - 1) / queues);
        AnswerBudget budget = new AnswerBudget(answerBytes);
        for (int pass = 0; pass < 2 && out.size() < r.maxMessages() && !budget.full(); pass++) {
            for (int i = 0; i < queues && out.size() < r.maxMessages() && !budget.full(); i++) {
                int q = (start + i) % queues;
                int want = pass == 0 ? Math.min(share, r.maxMessages() - out.size()) : r.maxMessages() - out.size();
                unclaimedLeft |= takeFrom(leases.cursor(r.group(), r.topic(), q), rv, q, want, budget, out);
            }
        }
        return new Taken(out, unclaimedLeft);
    }

    /**
     * One receive's view of its filter: the filter, the tag hashes it can accept (so that a consume-queue entry whose
     * hash it rejects is passed over without reading its record) and the key of its unclaimed mark.
     */
    private record Receiver(ReceiveRequest request, SubscriptionFilter filter, LongPredicate tagHashes, String markKey,
                            io.netty.channel.Channel connection) {
        String topic() {
            return request.topic();
        }
    }

    /** A message a receive may lease: ready (leased before) or unclaimed (passed by the frontier, never leased). */
    private record Candidate(long offset, boolean ready, StoredMessage message, int priority) {
        Candidate(long offset, boolean ready, StoredMessage message) {
            this(offset, ready, message, io.tern.message.Message.priority(message.message().properties()));
        }
    }

    /**
     * The order in which a receive hands out what it found in one queue: higher priority first, then offset order (so
     * equal priorities keep send order, and redeliveries, being older, come before new messages of their priority).
     */
    private static final Comparator<Candidate> HAND_OUT = Comparator.comparingInt(Candidate::priority).reversed()
            .thenComparingLong(Candidate::offset);

    /**
     * Leases up to {@code want} messages of one queue that match the receiver's filter. It looks at a bounded window of
     * the ready offsets, then of the unclaimed ones from this filter's mark, then moves the frontier until it found
     * enough; what it finds it hands out in {@link #HAND_OUT} order: priority is best effort within that window of one
     * queue. Messages the filter does not take are left for the group's other receivers; only expired messages and ones
     * gone from the store are acked for everyone. Offsets whose consume-queue tag hash the filter rejects are looked at
     * without reading their records. Leases stop early when the answer's {@code budget} of bytes is spent. Returns
     * true if unclaimed offsets beyond the window are left to look at.
     */
    private boolean takeFrom(LeaseCursor c, Receiver rv, int q, int want, AnswerBudget budget, List<ReceiveRequest.Leased> out) {
        int window = Math.max(SCAN_WINDOW, 2 * want);
        long invisibility = rv.request().invisibilityMillis();
        synchronized (c) {
            long now = clock.millis();
            c.expire(now);
            c.skipBelow(store.minOffset(rv.topic(), q));
            List<Candidate> found = new ArrayList<>();
            for (long offset : c.readyOffsets(window)) {
                consider(c, rv, q, offset, true, found);
            }
            long lookedUpTo = considerUnclaimed(c, rv, q, window, found);
            advanceFrontier(c, rv, q, want, found);
            found.sort(HAND_OUT);
            long mark = lookedUpTo == ALL_LOOKED_AT ? c.frontier() : lookedUpTo;
            boolean room = true;
            for (int i = 0; i < found.size(); i++) {
                Candidate k = found.get(i);
                ReceivedMessage m = room && i < want ? PullHandler.toReceived(k.message, brokerName) : null;
                long size = m == null ? 0 : MessageCodec.encodedSize(m) + ReceiveRequest.LEASE_OVERHEAD;
                room = m != null && budget.fits(size);
                if (room) {
                    LeaseCursor.Grant g = k.ready ? c.leaseReady(k.offset, now, invisibility) : c.leaseUnclaimed(k.offset, now, invisibility);
                    budget.take(size);
                    out.add(leased(rv, g, q, m));
                } else if (!k.ready) {
                    mark = Math.min(mark, k.offset); // matches this filter: the next receive must see it
                }
            }
            c.unclaimedMark(rv.markKey(), mark);
            return lookedUpTo != ALL_LOOKED_AT;
        }
    }

    private static final long ALL_LOOKED_AT = -1;

    /**
     * Looks at the unclaimed offsets from the filter's mark, lowest first, until {@code window} records were read,
     * {@value #UNCLAIMED_LOOK_LIMIT} offsets were looked at, or none is left ({@value #ALL_LOOKED_AT}); else returns the
     * offset after the last one looked at.
     */
    private long considerUnclaimed(LeaseCursor c, Receiver rv, int q, int window, List<Candidate> found) {
        long from = c.unclaimedMark(rv.markKey());
        int reads = 0;
        int looked = 0;
        while (true) {
            List<Long> batch = c.unclaimedFrom(from, window);
            for (long offset : batch) {
                reads += consider(c, rv, q, offset, false, found) ? 1 : 0;
                from = offset + 1;
                if (reads == window || ++looked == UNCLAIMED_LOOK_LIMIT) {
                    return from;
                }
            }
            if (batch.size() < window) {
                return ALL_LOOKED_AT;
            }
        }
    }

    /**
     * Looks at one ready or unclaimed offset: acks it for all if it is gone or expired, else a candidate if the filter
     * takes it. Its record is read only if its tag hash passes the filter, or if it is a ready offset on its last
     * delivery (it goes to the dead-letter queue whoever finds it). Returns whether it read the record.
     */
    private boolean consider(LeaseCursor c, Receiver rv, int q, long offset, boolean ready, List<Candidate> found) {
        OptionalLong hash = store.tagHashAt(rv.topic(), q, offset);
        if (hash.isPresent() && !rv.tagHashes().test(hash.getAsLong())
                && !(ready && deadLetters.policy().exhausted(c.deliveries(offset)))) {
            return false; // not this filter's tag: left for the group's other receivers, unread
        }
        Optional<StoredMessage> m = hash.isEmpty() ? Optional.empty() : store.read(rv.topic(), q, offset);
        if (m.isEmpty() || expiry.expired(m.get())) {
            c.skip(offset); // gone from the store (retention) or expired: nothing left to deliver, to anyone
        } else {
            take(c, rv, q, m.get(), ready, found);
        }
        return true;
    }

    private void take(LeaseCursor c, Receiver rv, int q, StoredMessage s, boolean ready, List<Candidate> found) {
        int deliveries = c.deliveries(s.queueOffset());
        boolean matches = rv.filter().matches(s.message()); // the exact tag: hashes collide
        if (deadLetters.policy().exhausted(deliveries) && (ready || matches)) {
            deadLetter(c, rv.request().group(), q, s, deliveries, ready); // an expired lease was its last chance, or counts restored after a restart
        } else if (matches) {
            found.add(new Candidate(s.queueOffset(), ready, s));
        }
    }

    /**
     * Passes frontier offsets (they become unclaimed) until {@code want} candidates are found and at least
     * {@value #SCAN_BATCH} offsets were looked at (the priority window: a high priority sent behind a few low ones
     * is among the candidates), or the queue ends. {@link MessageStore#scan} reads only the records whose tag hash
     * the filter accepts; the others are passed unread: they cannot match, and whether one has expired is found out
     * by a receiver whose filter takes its tag (until then it is unclaimed, like any message this filter leaves).
     */
    private void advanceFrontier(LeaseCursor c, Receiver rv, int q, int want, List<Candidate> found) {
        long end = store.maxOffset(rv.topic(), q);
        int looked = 0;
        while ((found.size() < want || looked < SCAN_BATCH) && c.frontier() < end) {
            long from = c.frontier();
            MessageStore.Scan batch = store.scan(rv.topic(), q, from, SCAN_BATCH, answerBytes, rv.tagHashes());
            if (batch.nextOffset() == from) {
                break; // a gap: retention deleted the record; skipBelow moves past it once the queue is trimmed
            }
            Iterator<StoredMessage> read = batch.messages().iterator();
            StoredMessage next = read.hasNext() ? read.next() : null;
            for (long o = from; o < batch.nextOffset() && (found.size() < want || looked < SCAN_BATCH); o++) {
                StoredMessage s = next != null && next.queueOffset() == o ? next : null;
                if (s != null) {
                    next = read.hasNext() ? read.next() : null;
                }
                if (c.isAcked(o)) {
                    continue;
                }
                looked++;
                if (s != null && expiry.expired(s)) {
                    c.skip(o);
                    continue;
                }
                c.pass(o);
                if (s != null) {
                    take(c, rv, q, s, false, found);
                }
            }
        }
    }

    private ReceiveRequest.Leased leased(Receiver rv, LeaseCursor.Grant g, int q, ReceivedMessage m) {
        holders.leased(rv.connection(), new ConnectionLeases.Slot(rv.request().group(), rv.topic(), q, g.offset()), g.receiptId());
        String handle = new ReceiptHandle(q, g.offset(), g.receiptId()).format();
        return new ReceiveRequest.Leased(handle, g.deliveryCount(), m);
    }

    public void ack(Request request) {
        AckRequest a = AckRequest.decode(request.frame().header());
        Target t = target(request, a.group(), a.topic(), a.receiptHandle());
        if (t == null) {
            return;
        }
        byte[] record = new JournalRecord(JournalRecord.ACK, a.group(), a.topic(), t.handle.queueId(), t.handle.offset(), 0).encode();
        LeaseCursor.Outcome o;
        CompletableFuture<Void> written = null;
        synchronized (t.cursor) { // queued in the order applied: a reset must not land between the two (see JournalRecord)
            o = t.cursor.ack(t.handle.offset(), t.handle.receiptId(), clock.millis());
            if (o == LeaseCursor.Outcome.OK) {
                written = leases.journal().append(record);
                holders.ended(t.slot());
            }
        }
        if (answeredRefusal(request, o, t, "ack")) {
            return;
        }
        answerOnceWritten(request, written);
    }

    public void nack(Request request) {
        NackRequest n = NackRequest.decode(request.frame().header());
        long delay = n.redeliverDelayMillis();
        if (delay != NackRequest.BROKER_BACKOFF && (delay < 0 || delay > MAX_INVISIBILITY_MILLIS)) {
            request.error(ResponseCode.INVALID_REQUEST, "redeliverDelayMillis " + delay + " must be 0-" + MAX_INVISIBILITY_MILLIS
                    + ", or " + NackRequest.BROKER_BACKOFF + " for the broker's back-off series");
            return;
        }
        Target t = target(request, n.group(), n.topic(), n.receiptHandle());
        if (t == null) {
            return;
        }
        LeaseCursor.Outcome o;
        CompletableFuture<Void> written = null;
        synchronized (t.cursor) {
            int deliveries = t.cursor.deliveries(t.handle.offset());
            if (deadLetters.policy().exhausted(deliveries)) {
                nackLast(request, n, t, deliveries);
                return;
            }
            long wait = delay == NackRequest.BROKER_BACKOFF ? deadLetters.policy().backoffMillis(deliveries) : delay;
            o = t.cursor.nack(t.handle.offset(), t.handle.receiptId(), clock.millis(), wait);
            if (o == LeaseCursor.Outcome.OK) {
                holders.ended(t.slot());
                written = leases.journal().append(new JournalRecord(JournalRecord.NACK, n.group(), n.topic(), t.handle.queueId(),
                        t.handle.offset(), deliveries).encode());
            }
        }
        if (answeredRefusal(request, o, t, "nack")) {
            return;
        }
        waiters.wake(n.group(), n.topic());
        answerOnceWritten(request, written);
    }

    /**
     * A nack of a message's last allowed delivery: it goes to the group's dead-letter queue at once instead of being
     * parked. The lease is extended while the copy is stored, and only a stored copy acks the message; a copy the
     * store refuses leaves the message with the group (parked for {@link #DEAD_LETTER_RETRY_MILLIS}, then moved by
     * the receive that finds it), and the nack is answered with the reason. Under the cursor's monitor.
     */
    private void nackLast(Request request, NackRequest n, Target t, int deliveries) {
        Optional<StoredMessage> m = store.read(n.topic(), t.handle.queueId(), t.handle.offset());
        long now = clock.millis();
        if (m.isEmpty()) { // gone from the store (retention): nothing to keep
            LeaseCursor.Outcome o = t.cursor.ack(t.handle.offset(), t.handle.receiptId(), now);
            if (!answeredRefusal(request, o, t, "nack")) {
                holders.ended(t.slot());
                answerOnceWritten(request, leases.journal().append(new JournalRecord(JournalRecord.ACK, n.group(), n.topic(),
                        t.handle.queueId(), t.handle.offset(), 0).encode()));
            }
            return;
        }
        LeaseCursor.Outcome o = t.cursor.changeInvisibility(t.handle.offset(), t.handle.receiptId(), now, DEAD_LETTER_HOLD_MILLIS);
        if (answeredRefusal(request, o, t, "nack")) {
            return;
        }
        holders.ended(t.slot()); // the broker holds it now, for the move
        moveToDeadLetters(m.get(), n.group(), deliveries, t.cursor, t.handle.receiptId()).whenComplete((v, e) -> {
            if (e == null) {
                request.ok(null, null);
            } else {
                request.error(ResponseCode.STORE_UNAVAILABLE, "nack of the last delivery of " + t.topic + "/" + t.handle.queueId()
                        + " offset " + t.handle.offset() + ": moving it to the dead-letter queue failed (" + e.getMessage()
                        + "); it stays with group " + n.group() + " and is moved at its next delivery");
            }
        });
    }

    /**
     * A ready or new offset delivered maxDeliveries times already: leased to the broker itself while its copy goes to
     * the dead-letter queue (nobody else receives it meanwhile), acked once the copy is stored. Under the monitor.
     */
    private void deadLetter(LeaseCursor c, String group, int q, StoredMessage s, int deliveries, boolean ready) {
        long now = clock.millis();
        LeaseCursor.Grant hold = ready ? c.leaseReady(s.queueOffset(), now, DEAD_LETTER_HOLD_MILLIS)
                : c.leaseUnclaimed(s.queueOffset(), now, DEAD_LETTER_HOLD_MILLIS);
        holders.ended(new ConnectionLeases.Slot(group, s.message().topic(), q, s.queueOffset()));
        moveToDeadLetters(s, group, deliveries, c, hold.receiptId()).whenComplete((v, e) -> {
            if (e != null) {
                LOG.error("moving {}/{} offset {} of group {} to its dead-letter queue failed ({}); it stays with the group and the"
                        + " move is tried again in {} ms", s.message().topic(), q, s.queueOffset(), group, e.getMessage(), DEAD_LETTER_RETRY_MILLIS);
            }
        });
    }

    /**
     * Appends the copy, then acks the offset and journals the ack, so the ack exists only once the copy is stored: a
     * failed copy gives the hold back (the message is parked for {@link #DEAD_LETTER_RETRY_MILLIS}, then moved by
     * the receive that finds it), and a crash in between delivers the message again (and may dead-letter it twice,
     * with the same id) rather than lose it. If the cursor is reset before the copy is stored, nothing is acked: the
     * RESET record already says where the offset stands. {@code receiptId} is the lease held during the move.
     */
    private CompletableFuture<Void> moveToDeadLetters(StoredMessage s, String group, int deliveries, LeaseCursor c, long receiptId) {
        long resets = c.resets();
        int q = s.message().queueId();
        long offset = s.queueOffset();
        CompletableFuture<RetryAppender.Routed> copied;
        try {
            copied = deadLetters.deadLetter(s, group, deliveries);
        } catch (IOException | RuntimeException e) {
            copied = CompletableFuture.failedFuture(e);
        }
        return copied.handle((routed, e) -> {
            String failure = e != null ? String.valueOf(e.getMessage())
                    : routed.result().isOk() ? null : "appending to " + routed.topic() + " failed: " + routed.result().error();
            synchronized (c) {
                if (c.resets() != resets) {
                    return CompletableFuture.<Void>completedFuture(null);
                }
                if (failure != null) {
                    c.nack(offset, receiptId, clock.millis(), DEAD_LETTER_RETRY_MILLIS);
                    return CompletableFuture.<Void>failedFuture(new IOException(failure));
                }
                c.applyAck(offset); // wins even if the hold ran out meanwhile: the copy is stored
                return leases.journal().append(new JournalRecord(JournalRecord.ACK, group, s.message().topic(), q, offset, 0).encode());
            }
        }).thenCompose(f -> f);
    }

    public void changeInvisibility(Request request) {
        ChangeInvisibilityRequest c = ChangeInvisibilityRequest.decode(request.frame().header());
        if (c.invisibilityMillis() < 0 || c.invisibilityMillis() > MAX_INVISIBILITY_MILLIS) {
            request.error(ResponseCode.INVALID_REQUEST, "invisibilityMillis " + c.invisibilityMillis() + " must be 0-" + MAX_INVISIBILITY_MILLIS);
            return;
        }
        Target t = target(request, c.group(), c.topic(), c.receiptHandle());
        if (t == null) {
            return;
        }
        LeaseCursor.Outcome o = t.cursor.changeInvisibility(t.handle.offset(), t.handle.receiptId(), clock.millis(), c.invisibilityMillis());
        if (answeredRefusal(request, o, t, "change-invisibility")) {
            return;
        }
        waiters.wake(c.group(), c.topic()); // a shorter lease may expire before what the waiters wait for
        request.ok(null, null);
    }

    private record Target(ReceiptHandle handle, LeaseCursor cursor, String group, String topic) {
        ConnectionLeases.Slot slot() {
            return new ConnectionLeases.Slot(group, topic, handle.queueId(), handle.offset());
        }
    }

    /**
     * RELEASE_LEASE: the lease ends at once and the message is ready for the group's next receive, its delivery not
     * counted. Nothing is journaled (delivery counts live in memory until a nack or checkpoint records them).
     */
    public void release(Request request) {
        ReleaseLeaseRequest rl = ReleaseLeaseRequest.decode(request.frame().header());
        Target t = target(request, rl.group(), rl.topic(), rl.receiptHandle());
        if (t == null) {
            return;
        }
        LeaseCursor.Outcome o = t.cursor.giveBack(t.handle.offset(), t.handle.receiptId(), clock.millis(), false);
        if (answeredRefusal(request, o, t, "release")) {
            return;
        }
        holders.ended(t.slot());
        waiters.wake(rl.group(), rl.topic());
        request.ok(null, null);
    }

    /** A lease of a closed connection: ready at once, the delivery counted. */
    private void giveBackClosed(ConnectionLeases.Slot s, long receiptId) {
        LeaseCursor c = leases.existing(s.group(), s.topic(), s.queueId());
        if (c != null && c.giveBack(s.offset(), receiptId, clock.millis(), true) == LeaseCursor.Outcome.OK) {
            waiters.wake(s.group(), s.topic());
        }
    }

    /** A connection closed: every lease it holds is ready again at once, counted as a delivery. Any thread. */
    public void connectionClosed(io.netty.channel.Channel closed) {
        holders.connectionClosed(closed);
    }

    /** Forgets the group's per-topic state here (its round-robin counter, who holds its leases): the group was deleted. */
    public void forget(String group, String topic) {
        nextQueue.remove(group + '\n' + topic);
        holders.forget(group, topic);
    }

    /** Whether a live connection other than {@code except} holds an unexpired lease of the group on the topic. */
    public boolean leasedByOther(String group, String topic, io.netty.channel.Channel except) {
        long now = clock.millis();
        return holders.heldByOther(group, topic, except, (s, receiptId) -> {
            LeaseCursor c = leases.existing(s.group(), s.topic(), s.queueId());
            return c != null && c.holds(s.offset(), receiptId, now);
        });
    }

    /** Leases whose connection is recorded (broker stats). */
    public int leasesHeldByConnections() {
        return holders.size();
    }


    /** The handle's cursor, or null after answering why there is none. */
    private Target target(Request request, String group, String topic, String handle) {
        ReceiptHandle h;
        try {
            h = ReceiptHandle.parse(handle);
        } catch (IllegalArgumentException e) {
            request.error(ResponseCode.INVALID_REQUEST, e.getMessage());
            return null;
        }
        LeaseCursor c = leases.existing(group, topic, h.queueId());
        if (c == null) {
            request.error(ResponseCode.LEASE_EXPIRED, "group " + group + " holds no lease on " + topic + "/" + h.queueId()
                    + " (receipt handle " + handle + "): the broker restarted or the handle is not this broker's");
            return null;
        }
        return new Target(h, c, group, topic);
    }

    private static boolean answeredRefusal(Request request, LeaseCursor.Outcome o, Target t, String what) {
        String where = t.topic + "/" + t.handle.queueId() + " offset " + t.handle.offset() + " for group " + t.group;
        switch (o) {
            case OK -> {
                return false;
            }
            case ALREADY_ACKED -> request.error(ResponseCode.LEASE_EXPIRED, what + " refused: " + where + " is already acknowledged");
            case RESET -> request.error(ResponseCode.LEASE_EXPIRED, what + " refused: " + resetReason(t));
            default -> request.error(ResponseCode.LEASE_EXPIRED, what + " refused: receipt handle " + t.handle.format()
                    + " no longer holds the lease on " + where + " (it expired or was given back; the message will be or was delivered again)");
        }
        return true;
    }

    private static String resetReason(Target t) {
        LeaseCursor.LastReset r = t.cursor.lastReset();
        return "receipt handle " + t.handle.format() + " was voided when group " + t.group + " was reset on " + t.topic + "/"
                + t.handle.queueId() + " to offset " + r.offset() + " at " + java.time.Instant.ofEpochMilli(r.at())
                + " (tern admin group reset); offset " + t.handle.offset() + (t.handle.offset() < r.offset()
                ? " counts as acknowledged since" : " will be delivered again");
    }

    private static void answerOnceWritten(Request request, CompletableFuture<Void> written) {
        written.whenComplete((v, e) -> {
            if (e == null) {
                request.ok(null, null);
            } else {
                request.error(ResponseCode.STORE_UNAVAILABLE, e.getMessage() + "; the operation took effect in memory but may not survive a crash");
            }
        });
    }
}
