package io.tern.broker.internal.handler;

import io.tern.broker.internal.delay.ExpiryGate;
import io.tern.broker.internal.filter.SelectorCache;
import io.tern.broker.internal.filter.SubscriptionFilter;
import io.tern.broker.internal.longpoll.LongPollHolder;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.message.Message;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.PullRequest;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * PULL in offset mode: reads a queue from an offset, skipping expired messages ({@link ExpiryGate}) and messages its
 * {@link SubscriptionFilter} (tags, then selector) does not take, and answers;
 * with nothing to answer it hands the request to the {@link LongPollHolder}, which runs it again when the queue
 * grows or its wait runs out. An answer carries at most {@code maxMessages} messages and at most {@code answerBytes}
 * bytes of them ({@link AnswerBudget}: always at least one), so it fits the consumer's frame.
 */
public final class PullHandler implements RequestHandler {
    /** Read ahead of maxMessages when filtering, so a sparse match does not cost a round trip per few messages. */
    private static final int SCAN_BATCH = 256;

    private final MessageStore store;
    private final TopicTable topics;
    private final LongPollHolder holder;
    private final String brokerName;
    private final long maxWaitMillis;
    private final InstantSource clock;
    private final SelectorCache selectors = new SelectorCache();
    private final ExpiryGate expiry;
    private final long answerBytes;

    public PullHandler(MessageStore store, TopicTable topics, LongPollHolder holder, String brokerName, Duration maxWait, InstantSource clock,
                       ExpiryGate expiry, long answerBytes) {
        this.expiry = expiry;
        this.answerBytes = answerBytes;
        this.store = store;
        this.topics = topics;
        this.holder = holder;
        this.brokerName = brokerName;
        this.maxWaitMillis = maxWait.toMillis();
        this.clock = clock;
    }

    @Override
    public void handle(Request request) {
        PullRequest pull = PullRequest.decode(request.frame().header());
        TopicConfig topic = topics.get(pull.topic());
        String refusal = refusal(pull, topic);
        if (refusal != null) {
            request.error(topic == null ? ResponseCode.TOPIC_NOT_FOUND : topic.readable() ? ResponseCode.INVALID_REQUEST : ResponseCode.NO_PERMISSION, refusal);
            return;
        }
        SubscriptionFilter filter;
        try {
            filter = SubscriptionFilter.of(selectors, pull.group(), pull.topic(), pull.tags(), pull.selector());
        } catch (IllegalArgumentException e) {
            request.error(ResponseCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        long deadline = clock.millis() + Math.min(pull.maxWaitMillis(), maxWaitMillis);
        serve(new LongPollHolder.Held(request, pull, filter, deadline));
    }

    private String refusal(PullRequest pull, TopicConfig topic) {
        if (topic == null) {
            return "topic " + pull.topic() + " does not exist on this broker";
        }
        if (!topic.readable()) {
            return "topic " + topic.name() + " is not readable (perm " + topic.perm() + ")";
        }
        if (pull.queueId() < 0 || pull.queueId() >= topic.readQueues()) {
            return "queue " + pull.queueId() + " is outside topic " + topic.name() + "'s read queues 0-" + (topic.readQueues() - 1);
        }
        if (pull.maxMessages() < 1 || pull.maxMessages() > PullRequest.MAX_MESSAGES) {
            return "maxMessages " + pull.maxMessages() + " must be 1-" + PullRequest.MAX_MESSAGES;
        }
        if (pull.maxWaitMillis() < 0) {
            return "maxWaitMillis " + pull.maxWaitMillis() + " must not be negative";
        }
        return null;
    }

    /** Answers the request if there is something to answer or its wait is over; otherwise holds it. Any thread. */
    public void serve(LongPollHolder.Held held) {
        PullRequest pull = held.pull();
        long min = store.minOffset(pull.topic(), pull.queueId());
        long max = store.maxOffset(pull.topic(), pull.queueId());
        if (pull.offset() < min || pull.offset() > max) {
            long corrected = pull.offset() < min ? min : max;
            held.request().ok(new PullRequest.Result(corrected, min, max).encode(), MessageCodec.encodeReceived(List.of()));
            return;
        }
        List<ReceivedMessage> found = new ArrayList<>();
        long next = pull.offset();
        long notDueUntil = 0;
        boolean retry = RetryTopics.isRetry(pull.topic());
        long now = clock.millis();
        java.util.function.LongPredicate tagHashes = held.filter().tagHashes();
        AnswerBudget budget = new AnswerBudget(answerBytes);
        scan:
        while (found.size() < pull.maxMessages() && !budget.full() && next < max) {
            MessageStore.Scan batch = store.scan(pull.topic(), pull.queueId(), next, SCAN_BATCH, answerBytes, tagHashes);
            if (batch.nextOffset() == next) {
                break;
            }
            boolean whole = true;
            for (StoredMessage s : batch.messages()) {
                if (found.size() == pull.maxMessages()) {
                    whole = false;
                    break;
                }
                if (retry && RetryTopics.dueAt(s.message().properties()) > now) {
                    notDueUntil = RetryTopics.dueAt(s.message().properties());
                    break scan; // a retry waits out its back-off; the ones behind it wait too (one queue, in order)
                }
                if (!expiry.expired(s) && held.filter().matches(s.message())) { // the exact tag: hashes collide
                    ReceivedMessage r = toReceived(s, brokerName);
                    long size = MessageCodec.encodedSize(r);
                    if (!budget.fits(size)) {
                        break scan; // the next answer starts with it
                    }
                    budget.take(size);
                    found.add(r);
                }
                next = s.queueOffset() + 1;
            }
            if (whole) {
                next = Math.max(next, batch.nextOffset()); // past the entries the tag hash ruled out unread
            }
        }
        if (found.isEmpty() && now < held.deadline()) {
            if (notDueUntil > 0) {
                holder.wakeAt(held.withOffset(next), notDueUntil);
            } else {
                holder.hold(held.withOffset(next));
            }
            return;
        }
        held.request().ok(new PullRequest.Result(next, min, max).encode(), MessageCodec.encodeReceived(found));
    }

    /** A stored message as consumers receive it. */
    public static ReceivedMessage toReceived(StoredMessage s, String brokerName) {
        MessageRecord r = s.message();
        Message m = new Message(r.id(), r.topic(), r.queueId(), r.bornTimestamp(), r.flags(), r.tag(), r.keys(), r.properties(), r.body());
        String host = r.bornHost().getAddress().getHostAddress() + ":" + r.bornHost().getPort();
        return new ReceivedMessage(m, brokerName, s.queueOffset(), s.storeTimestamp(), host);
    }
}
