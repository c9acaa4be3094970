package io.tern.broker.internal.handler;

import io.tern.broker.internal.delay.DelayTimer;
import io.tern.broker.internal.delay.DeliveryTimes;
import io.tern.broker.internal.topic.BacklogGauge;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.broker.internal.transaction.TransactionService;
import io.tern.broker.internal.transaction.TransactionTable;
import io.tern.message.Message;
import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import io.tern.protocol.CommandCode;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.Names;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicDeleteRequest;
import io.tern.protocol.SendRequest;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.Transactions;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;
import io.tern.store.AppendResult;
import io.tern.store.FlushMode;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * SEND and SEND_BATCH: checks the topic (creating it when allowed), appends every message and answers once all
 * appends have completed: without blocking the calling thread, so a SYNC flush does not hold a thread per send.
 * Runs on the Netty event loop (an append only enqueues); creating a topic writes the topic file, so a send to a
 * topic that does not exist yet is handed to {@code slowPath} first.
 * Half messages (flag {@link Transactions#FLAG_HALF}) are checked against the real topic, then stored in
 * {@link Transactions#HALF_TOPIC} and registered with their transaction ({@link TransactionService}) before the answer.
 * A batch is answered OK only if every message was stored; otherwise with the first failure's status and reason
 * (messages before it may be stored: the producer's retry may duplicate them, never lose them).
 * A message due in the future ({@link DeliveryTimes}) is stored in the schedule topic {@link DelayTimer#TOPIC} with
 * its real topic and queue in properties; the {@link DelayTimer} appends it to its real queue when due. The answer's
 * queue offset is then its offset in the schedule queue.
 */
public final class SendHandler implements RequestHandler {
    private final MessageStore store;
    private final TopicTable topics;
    private final boolean autoCreate;
    private volatile java.util.function.Predicate<String> deleted = t -> false;
    private volatile BacklogGauge backlog;
    private final int defaultQueues;
    /** Tells the NameServers about a created topic; completes when they know it (or the broker gave up waiting). */
    private final Supplier<CompletableFuture<Void>> topicCreated;
    private final java.util.concurrent.Executor slowPath;
    private final DeliveryTimes times;
    private final java.time.InstantSource clock;
    private final TransactionService transactions;
    private final int maxFrameSize;

    public SendHandler(MessageStore store, TopicTable topics, boolean autoCreate, int defaultQueues, Supplier<CompletableFuture<Void>> topicCreated,
                       java.util.concurrent.Executor slowPath, DeliveryTimes times, java.time.InstantSource clock,
                       TransactionService transactions, int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
        this.times = times;
        this.clock = clock;
        this.slowPath = slowPath;
        this.transactions = transactions;
        this.store = store;
        this.topics = topics;
        this.autoCreate = autoCreate;
        this.defaultQueues = defaultQueues;
        this.topicCreated = topicCreated;
    }

    @Override
    public void handle(Request request) {
        SendRequest header = SendRequest.decode(request.frame().header());
        List<Message> messages = request.frame().code() == CommandCode.SEND_BATCH
                ? MessageCodec.decodeBatch(request.frame().body())
                : List.of(MessageCodec.decode(request.frame().body()));
        if (Transactions.HALF_TOPIC.equals(header.topic())) {
            request.error(ResponseCode.NO_PERMISSION, "topic " + Transactions.HALF_TOPIC + " is the broker's store of half messages;"
                    + " send to the real topic with the transaction flag instead");
            return;
        }
        TopicConfig topic = topics.get(header.topic());
        if (topic == null && refusedAsDeleted(request, header.topic())) {
            return;
        }
        if (topic == null && autoCreate && TopicTable.invalid(TopicConfig.of(header.topic(), defaultQueues)) == null) {
            slowPath.execute(() -> createThenAppend(request, header, messages));
            return;
        }
        append(request, header, messages, topic);
    }

    /** Sends to a deleted topic, or an unknown temporary one, are refused: neither is ever auto-created. Event loop: no I/O. */
    private boolean refusedAsDeleted(Request request, String topic) {
        if (deleted.test(topic)) {
            request.error(ResponseCode.TOPIC_DELETED, "topic " + topic + " was deleted; it is not auto-created (create it again to use it)");
            return true;
        }
        if (TopicDeleteRequest.isTemporary(topic)) {
            request.error(ResponseCode.TOPIC_NOT_FOUND, "temporary topic " + topic + " does not exist on this broker (temporary topics"
                    + " are created by their connection and never auto-created)");
            return true;
        }
        return false;
    }

    /** Enforces topics' maxBacklogMessages (policy FAIL) with this gauge; set before requests flow. */
    public void limitBacklog(BacklogGauge gauge) {
        this.backlog = gauge;
    }

    /** Which topics were deleted (see {@link io.tern.broker.internal.topic.TopicLifecycle#deleted}); set before requests flow. */
    public void refuseDeleted(java.util.function.Predicate<String> deletedTopics) {
        this.deleted = deletedTopics;
    }

    private void createThenAppend(Request request, SendRequest header, List<Message> messages) {
        try {
            TopicConfig topic = topics.getOrCreate(header.topic(), defaultQueues);
            // answer once the NameServers know the topic: a consumer started on the answer finds its route
            topicCreated.get().whenComplete((v, e) -> append(request, header, messages, topic));
        } catch (java.io.IOException | RuntimeException e) {
            request.error(ResponseCode.STORE_UNAVAILABLE, "creating topic " + header.topic() + " failed: " + e.getMessage());
        }
    }

    private void append(Request request, SendRequest header, List<Message> messages, TopicConfig topic) {
        String refusal = refusal(header, topic, messages);
        if (refusal != null) {
            request.error(topic == null && Names.invalidTopic(header.topic()) == null ? ResponseCode.TOPIC_NOT_FOUND
                    : topic == null || topic.writable() ? ResponseCode.INVALID_REQUEST : ResponseCode.NO_PERMISSION, refusal);
            return;
        }
        long now = clock.millis();
        DeliveryTimes.Resolved[] resolved = new DeliveryTimes.Resolved[messages.size()];
        for (int i = 0; i < resolved.length; i++) {
            resolved[i] = times.resolve(messages.get(i), now);
            if (resolved[i].refusal() != null) {
                request.error(ResponseCode.INVALID_REQUEST, resolved[i].refusal());
                return;
            }
        }
        boolean half = messages.stream().anyMatch(m -> (m.flags() & Transactions.FLAG_HALF) != 0);
        if (half && refusedHalves(request, header, messages)) {
            return;
        }
        String txId = half ? (String) messages.get(0).properties().get(Transactions.PROP_TX_ID) : null;
        InetSocketAddress born = (InetSocketAddress) request.remoteAddress();
        MessageRecord[] records = new MessageRecord[messages.size()];
        for (int i = 0; i < records.length; i++) {
            MessageRecord r = record(resolved[i], born);
            records[i] = txId == null ? r : TransactionService.toHalf(r, header.producerGroup());
            String tooLarge = tooLarge(records[i]);
            if (tooLarge != null) {
                request.error(ResponseCode.INVALID_REQUEST, tooLarge);
                return;
            }
        }
        boolean tracked = txId == null && java.util.Arrays.stream(resolved).noneMatch(DeliveryTimes.Resolved::delayed);
        if (refusedForBacklog(request, topic, messages.size(), txId, tracked)) {
            return;
        }
        @SuppressWarnings("unchecked")
        CompletableFuture<AppendResult>[] appends = new CompletableFuture[messages.size()];
        for (int i = 0; i < appends.length; i++) {
            appends[i] = store.append(records[i]);
        }
        BacklogGauge gauge = backlog;
        if (txId == null) {
            CompletableFuture.allOf(appends).thenRun(() -> {
                if (tracked && gauge != null && topic.hasBacklogLimit()) {
                    gauge.appended(topic, header.queueId(), appends); // before the answer: the producer's next send sees it
                }
                answer(request, header.queueId(), appends);
            });
        } else {
            CompletableFuture.allOf(appends).thenRun(() -> answerHalves(request, header, txId, appends));
        }
    }

    /**
     * True after refusing a send to a topic at its maxBacklogMessages (see {@link BacklogGauge}). Half messages are not
     * checked: they reach the topic when committed, and a commit is never refused.
     */
    private boolean refusedForBacklog(Request request, TopicConfig topic, int count, String txId, boolean tracked) {
        BacklogGauge gauge = backlog;
        if (gauge == null || !topic.hasBacklogLimit() || txId != null) {
            return false;
        }
        String full = gauge.admit(topic, count, tracked);
        if (full != null) {
            request.error(ResponseCode.BACKLOG_FULL, full);
            return true;
        }
        return false;
    }

    /** Why the record is larger than the broker stores, naming both limits; null if it fits. */
    private String tooLarge(MessageRecord r) {
        long size = MessageStore.recordSize(r);
        int max = store.config().maxMessageSize();
        if (size <= max) {
            return null;
        }
        return "message " + r.id() + " of " + size + " bytes (body " + r.body().length + ") exceeds the broker's maxMessageSize "
                + max + " (its frames are limited to maxFrameSize " + maxFrameSize + " bytes, " + io.tern.protocol.FrameDescriptor.HEADROOM
                + " of them kept for headers, so a message may be at most maxFrameSize - headroom)";
    }

    /** True after refusing half messages that lack one common transaction id or whose transaction takes no more. Event loop: no I/O. */
    private boolean refusedHalves(Request request, SendRequest header, List<Message> messages) {
        Object txId = messages.get(0).properties().get(Transactions.PROP_TX_ID);
        for (Message m : messages) {
            if ((m.flags() & Transactions.FLAG_HALF) == 0 || !(m.properties().get(Transactions.PROP_TX_ID) instanceof String s) || !s.equals(txId)) {
                request.error(ResponseCode.INVALID_REQUEST, "message " + m.id() + ": every message of a transactional send needs flag "
                        + Transactions.FLAG_HALF + " and the same string property " + Transactions.PROP_TX_ID);
                return true;
            }
        }
        String bad = Transactions.invalidTxId((String) txId);
        if (bad == null && header.producerGroup() == null) {
            bad = "a transactional send must name its producer group (the broker checks unresolved transactions back with it)";
        }
        if (bad != null) {
            request.error(ResponseCode.INVALID_REQUEST, bad);
            return true;
        }
        TransactionService.Refusal refusal = transactions.refuseWork((String) txId, request);
        if (refusal != null) {
            request.error(refusal.code(), "send refused: " + refusal.reason());
            return true;
        }
        return false;
    }

    /** Half messages are answered once registered with their transaction; they have no offset in their queue yet (-1). */
    private void answerHalves(Request request, SendRequest header, String txId, CompletableFuture<AppendResult>[] appends) {
        List<AppendResult> stored = new java.util.ArrayList<>();
        for (CompletableFuture<AppendResult> a : appends) {
            AppendResult r = a.join();
            if (!r.isOk()) {
                request.error(statusCode(r), r.error());
                return;
            }
            stored.add(r);
        }
        boolean durable = stored.stream().allMatch(r -> r.durability() == FlushMode.SYNC);
        long[] offsets = new long[stored.size()];
        java.util.Arrays.fill(offsets, -1);
        transactions.halvesStored(txId, header.producerGroup(), stored, request).whenComplete((v, e) -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (e == null) {
                request.ok(new SendRequest.Result(durable, header.queueId(), offsets).encode(), null);
            } else if (cause instanceof TransactionTable.Conflict) {
                request.error(ResponseCode.TX_CONFLICT, "send refused: " + cause.getMessage());
            } else {
                request.error(ResponseCode.STORE_UNAVAILABLE, "half messages of transaction " + txId + " stored but not journaled: " + e.getMessage());
            }
        });
    }

    /** The record to store: the message itself, or, if it is due later, its copy for the schedule queue. */
    private static MessageRecord record(DeliveryTimes.Resolved r, InetSocketAddress born) {
        Message m = r.message();
        if (!r.delayed()) {
            return new MessageRecord(m.id(), m.topic(), m.queueId(), m.bornTimestamp(), born, m.flags(), m.properties(),
                    m.keys(), m.tag(), m.body());
        }
        Properties p = Properties.builder().putAll(m.properties()).put(SystemProperties.REAL_TOPIC, m.topic())
                .put(SystemProperties.REAL_QUEUE, m.queueId()).build();
        return new MessageRecord(m.id(), DelayTimer.TOPIC, 0, m.bornTimestamp(), born, m.flags(), p, m.keys(), m.tag(), m.body());
    }

    private String refusal(SendRequest header, TopicConfig topic, List<Message> messages) {
        if (DelayTimer.TOPIC.equals(header.topic())) {
            return "topic " + DelayTimer.TOPIC + " is the broker's schedule; set a delivery time on a message to another topic instead";
        }
        if (topic == null) {
            String invalid = TopicTable.invalid(TopicConfig.of(header.topic(), defaultQueues));
            return invalid != null ? invalid : autoCreate ? "topic " + header.topic() + " does not exist on this broker" // a race with a delete
                    : "topic " + header.topic() + " does not exist on this broker and auto-creation is off; create it with 'tern admin topic create'";
        }
        if (!topic.writable()) {
            return "topic " + topic.name() + " is not writable (perm " + topic.perm() + ")";
        }
        if (header.queueId() < 0 || header.queueId() >= topic.writeQueues()) {
            return "queue " + header.queueId() + " is outside topic " + topic.name() + "'s write queues 0-" + (topic.writeQueues() - 1);
        }
        if (messages.isEmpty()) {
            return "a batch must hold at least one message";
        }
        for (Message m : messages) {
            if (!m.topic().equals(header.topic()) || m.queueId() != header.queueId()) {
                return "message " + m.id() + " is for " + m.topic() + "/" + m.queueId() + " but the request is for "
                        + header.topic() + "/" + header.queueId() + "; a batch goes to one queue";
            }
        }
        return null;
    }

    private static void answer(Request request, int queueId, CompletableFuture<AppendResult>[] appends) {
        long[] offsets = new long[appends.length];
        boolean durable = true;
        for (int i = 0; i < appends.length; i++) {
            AppendResult r = appends[i].join();
            if (!r.isOk()) {
                request.error(statusCode(r), r.error());
                return;
            }
            offsets[i] = r.queueOffset();
            durable &= r.durability() == FlushMode.SYNC;
        }
        request.ok(new SendRequest.Result(durable, queueId, offsets).encode(), null);
    }

    private static short statusCode(AppendResult r) {
        return switch (r.status()) {
            case BUSY -> ResponseCode.SYSTEM_BUSY;
            case INVALID_MESSAGE -> ResponseCode.INVALID_REQUEST;
            case DISK_FULL, IO_ERROR, CLOSED -> ResponseCode.STORE_UNAVAILABLE;
            case OK -> ResponseCode.OK;
        };
    }
}
