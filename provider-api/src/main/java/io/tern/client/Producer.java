package io.tern.client;

import io.tern.client.internal.Responses;
import io.tern.client.internal.ClientSettings;
import io.tern.client.internal.RouteCache;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.protocol.CheckTransaction;
import io.tern.protocol.CommandCode;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.Transactions;
import io.tern.protocol.XaRequest;
import io.tern.protocol.Xid;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.Frame;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.SendRequest;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends messages to a topic's queues, found through the NameServers.
 * <ul>
 *   <li>{@link #send}: waits for the broker's answer; {@link #sendAsync}: a future; {@link #sendOneway}: no answer.</li>
 *   <li>Queue choice: round robin over every writable queue, or {@code hash(shardingKey)} so that one key always
 *       lands in one queue (ordered messages).</li>
 *   <li>A send that fails because a broker is unreachable, too slow or busy is retried on another broker group
 *       (up to {@code retries} times); the message keeps its id, so a retry after a lost answer may duplicate it,
 *       never lose it. Sharded sends are not moved to another queue: that would break their order.</li>
 * </ul>
 * Thread-safe; one producer serves any number of threads.
 */
public final class Producer implements AutoCloseable {
    private final String group;
    private final String clientId;
    private final Duration timeout;
    private final int retries;
    private final RemotingClient client;
    private final boolean ownsClient;
    private final RouteCache routes;
    private final ScheduledExecutorService refresher;
    private final MessageId.Generator ids = new MessageId.Generator();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong txCounter = new java.util.concurrent.atomic.AtomicLong();
    private final TransactionChecker checker;
    private final java.util.Set<String> heartbeated = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Producer(Builder b) {
        this.group = b.group;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.checker = b.checker;
        this.clientId = "producer-" + b.group + "-" + UUID.randomUUID();
        this.client = b.settings.connect(clientId, b.maxInFlight, b.maxInFlight);
        this.ownsClient = b.settings.ownsTransport();
        this.routes = new RouteCache(client, b.settings.nameServers(), timeout, true);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-producer-routes");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(routes::refreshAll, 30, 30, TimeUnit.SECONDS);
        refresher.scheduleWithFixedDelay(this::heartbeat, 0, 10, TimeUnit.SECONDS);
        client.onNotification(CommandCode.CHECK_TRANSACTION, f -> refresher.execute(() -> answerCheck(f))); // off the I/O thread
    }

    /** A broker asks about a transaction of this group: ask the checker, answer with END_TRANSACTION (nothing if UNKNOWN). */
    private void answerCheck(Frame f) {
        CheckTransaction c = CheckTransaction.decode(f.header());
        TransactionResolution r;
        try {
            r = checker == null ? TransactionResolution.UNKNOWN : checker.check(c.txId());
        } catch (RuntimeException e) {
            r = TransactionResolution.UNKNOWN; // the broker asks again
        }
        if (r == TransactionResolution.UNKNOWN) {
            return;
        }
        byte action = r == TransactionResolution.COMMIT ? EndTransaction.COMMIT : EndTransaction.ROLLBACK;
        client.invokeAsync(c.brokerAddress(), CommandCode.END_TRANSACTION, new EndTransaction(c.txId(), group, action, true, EndTransaction.UNCOUNTED).encode(), null, timeout)
                .exceptionally(e -> null); // an answer lost is asked again at the next check
    }

    /** Begins a local transaction: {@link Transaction#send}, then {@link Transaction#commit} or {@link Transaction#rollback}. */
    public Transaction beginTransaction() {
        return new Transaction(this, clientId + "-" + txCounter.incrementAndGet(), null);
    }

    /** Begins (the Tern side of) an XA branch: its broker transaction id is {@code xid.toTxId()}. */
    public Transaction beginTransaction(Xid xid) {
        return new Transaction(this, xid.toTxId(), xid);
    }

    SendResult sendInTransaction(Transaction tx, OutgoingMessage m) {
        return sendInTransaction(tx, m, null);
    }

    /** A half message; with a sharding key, to the queue {@code hash(key)} among the pinned broker's queues (one key, one order). */
    SendResult sendInTransaction(Transaction tx, OutgoingMessage m, String shardingKey) {
        Message msg = stamp(m);
        Properties props = Properties.builder().putAll(msg.properties()).put(Transactions.PROP_TX_ID, tx.id()).build();
        Message half = new Message(msg.id(), msg.topic(), -1, msg.bornTimestamp(), Transactions.FLAG_HALF, msg.tag(), msg.keys(), props, msg.body());
        String pinned = tx.brokerName();
        MessageQueue q = pinned == null ? pick(m.topic(), null, shardingKey) : pickOn(m.topic(), pinned, shardingKey);
        tx.pin(q.brokerName());
        String address = address(q);
        if (!heartbeated.contains(address)) {
            heartbeat(address); // the broker must know this group is live before it checks the transaction back
        }
        SendResult r = join(sendTo(List.of(half), q, 0)); // no retry elsewhere: the transaction lives on this broker
        tx.recorded();
        return r;
    }

    private MessageQueue pick(String topic, String avoidBroker, String shardingKey) {
        if (shardingKey == null) {
            return pick(topic, avoidBroker);
        }
        List<MessageQueue> queues = routes.writeQueues(topic);
        if (queues.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "topic " + topic + " has no writable queue on any live broker");
        }
        return queues.get(Math.floorMod(shardingKey.hashCode(), queues.size()));
    }

    private MessageQueue pickOn(String topic, String brokerName, String shardingKey) {
        List<MessageQueue> queues = routes.writeQueues(topic).stream().filter(q -> q.brokerName().equals(brokerName)).toList();
        if (queues.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "topic " + topic + " has no writable queue on broker " + brokerName
                    + ", where this transaction lives");
        }
        int n = shardingKey == null ? roundRobin.getAndIncrement() : shardingKey.hashCode();
        return queues.get(Math.floorMod(n, queues.size()));
    }

    /** Commit or rollback of a local transaction (an XA branch is rolled back with XA_ROLLBACK). Nothing sent: nothing to do. */
    void end(Transaction tx, boolean commit) {
        if (tx.xid() != null && !commit) {
            xa(tx, CommandCode.XA_ROLLBACK, false);
            return;
        }
        String broker = tx.brokerName();
        if (broker == null) {
            return;
        }
        byte action = commit ? EndTransaction.COMMIT : EndTransaction.ROLLBACK;
        int records = commit ? tx.records() : EndTransaction.UNCOUNTED;
        call(brokerAddress(broker), CommandCode.END_TRANSACTION, new EndTransaction(tx.id(), group, action, false, records).encode(),
                (commit ? "commit" : "rollback") + " of transaction " + tx.id());
    }

    void xa(Transaction tx, short code, boolean onePhase) {
        String broker = tx.brokerName();
        if (broker == null) {
            return; // nothing was sent or acked in the branch: read-only
        }
        boolean counted = code == CommandCode.XA_PREPARE || code == CommandCode.XA_COMMIT && onePhase;
        XaRequest request = new XaRequest(tx.xid(), onePhase, counted ? tx.records() : EndTransaction.UNCOUNTED);
        call(brokerAddress(broker), code, request.encode(), "XA command " + code + " of " + tx.xid());
    }

    /**
     * The prepared XA branches on every broker this producer can reach (XAResource.recover); resolve them with
     * {@link #commitPrepared} or {@link #rollbackPrepared}.
     */
    public List<Xid> recover() {
        routes.route(Transactions.UNRESOLVED_TOPIC); // every broker serves it: this makes them all known
        List<Xid> all = new ArrayList<>();
        for (String broker : routes.allMasterAddresses()) {
            Frame f = call(broker, CommandCode.XA_RECOVER, null, "XA recover");
            for (Xid x : XaRequest.decodeXids(f.header())) {
                if (!all.contains(x)) {
                    all.add(x);
                }
            }
        }
        return all;
    }

    /** Commits a prepared branch found by {@link #recover} on whichever broker holds it. */
    public void commitPrepared(Xid xid) {
        resolvePrepared(xid, CommandCode.XA_COMMIT);
    }

    public void rollbackPrepared(Xid xid) {
        resolvePrepared(xid, CommandCode.XA_ROLLBACK);
    }

    private void resolvePrepared(Xid xid, short code) {
        routes.route(Transactions.UNRESOLVED_TOPIC);
        boolean found = false;
        for (String broker : routes.allMasterAddresses()) {
            Frame f = client.invokeSync(broker, code, new XaRequest(xid, false).encode(), null, timeout);
            if (f.code() == ResponseCode.OK) {
                found = true;
            } else if (f.code() != ResponseCode.TX_UNKNOWN) {
                throw new TernClientException(f.code(), "XA command " + code + " of " + xid + " on " + broker + " failed: "
                        + ErrorHeader.decode(f.header()).message());
            }
        }
        if (!found) {
            throw new TernClientException(ResponseCode.TX_UNKNOWN, "no broker knows XA branch " + xid);
        }
    }

    private Frame call(String address, short code, byte[] header, String what) {
        Frame f;
        try {
            f = client.invokeSync(address, code, header, null, timeout);
        } catch (RemotingException e) {
            throw new TernClientException(what + " on " + address + " failed: " + e.getMessage(), e);
        }
        return Responses.check(f, what);
    }

    private String brokerAddress(String brokerName) {
        String a = routes.masterAddressOf(brokerName);
        if (a == null) { // a transaction of acks only: this producer may never have routed to that broker
            routes.route(Transactions.UNRESOLVED_TOPIC);
            a = routes.masterAddressOf(brokerName);
        }
        if (a == null) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "broker " + brokerName + " has no live master");
        }
        return a;
    }

    /** Tells the brokers this producer group is alive (they will ask it about unresolved transactions). */
    private void heartbeat() {
        for (String broker : routes.allMasterAddresses()) {
            heartbeat(broker);
        }
    }

    private void heartbeat(String broker) {
        byte[] header = new Heartbeat(clientId, List.of(), List.of(group)).encode();
        heartbeated.add(broker);
        client.invokeAsync(broker, CommandCode.HEARTBEAT, header, null, timeout).exceptionally(e -> null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public SendResult send(OutgoingMessage m) {
        return join(sendAsync(m));
    }

    /** Sends to the queue {@code hash(shardingKey) % queues}: one key, one queue, one order. */
    public SendResult send(OutgoingMessage m, String shardingKey) {
        return join(sendAsync(m, shardingKey));
    }

    /** {@link #send(OutgoingMessage, String)} without waiting: the future completes with the broker's answer. */
    public CompletableFuture<SendResult> sendAsync(OutgoingMessage m, String shardingKey) {
        List<MessageQueue> queues;
        try {
            queues = routes.writeQueues(m.topic());
        } catch (TernClientException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (queues.isEmpty()) {
            return CompletableFuture.failedFuture(new TernClientException(ResponseCode.TOPIC_NOT_FOUND,
                    "topic " + m.topic() + " has no writable queue on any live broker"));
        }
        MessageQueue q = queues.get(Math.floorMod(shardingKey.hashCode(), queues.size()));
        return sendTo(List.of(stamp(m)), q, 0);
    }

    public CompletableFuture<SendResult> sendAsync(OutgoingMessage m) {
        List<Message> one = List.of(stamp(m));
        return sendTo(one, pick(m.topic(), null), retries);
    }

    /** Sends several messages of one topic, all to one queue, in one request. */
    public List<SendResult> sendBatch(List<OutgoingMessage> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        String topic = batch.get(0).topic();
        List<Message> messages = new ArrayList<>();
        for (OutgoingMessage m : batch) {
            if (!m.topic().equals(topic)) {
                throw new IllegalArgumentException("a batch goes to one topic; found " + m.topic() + " and " + topic);
            }
            messages.add(stamp(m));
        }
        return join(sendAll(messages, pick(topic, null), retries));
    }

    /** Writes the message and returns without an answer: fastest, and nothing tells whether it was stored. */
    public MessageId sendOneway(OutgoingMessage m) {
        Message msg = stamp(m);
        MessageQueue q = pick(m.topic(), null);
        Message placed = msg.withQueueId(q.queueId());
        join(client.invokeOneway(address(q), CommandCode.SEND, new SendRequest(group, q.topic(), q.queueId()).encode(),
                MessageCodec.encode(placed), timeout));
        return msg.id();
    }

    private Message stamp(OutgoingMessage m) {
        return new Message(ids.next(), m.topic(), -1, System.currentTimeMillis(), 0, m.tag(), m.keys(), m.properties(), m.body());
    }

    private CompletableFuture<SendResult> sendTo(List<Message> messages, MessageQueue q, int retriesLeft) {
        return sendAll(messages, q, retriesLeft).thenApply(r -> r.get(0));
    }

    private CompletableFuture<List<SendResult>> sendAll(List<Message> messages, MessageQueue q, int retriesLeft) {
        List<Message> placed = messages.stream().map(m -> m.withQueueId(q.queueId())).toList();
        short code = placed.size() == 1 ? CommandCode.SEND : CommandCode.SEND_BATCH;
        byte[] body = placed.size() == 1 ? MessageCodec.encode(placed.get(0)) : MessageCodec.encodeBatch(placed);
        if ((long) body.length + FrameDescriptor.HEADROOM > FrameDescriptor.DEFAULT_MAX_FRAME_SIZE) {
            return CompletableFuture.failedFuture(new TernClientException(ResponseCode.INVALID_REQUEST, "a send of " + body.length
                    + " bytes does not fit a frame: frames are limited to " + FrameDescriptor.DEFAULT_MAX_FRAME_SIZE + " bytes with "
                    + FrameDescriptor.HEADROOM + " kept for headers, and a broker stores messages up to its maxMessageSize ("
                    + "4 MiB by default); send smaller messages or fewer in a batch"));
        }
        CompletableFuture<Frame> call;
        try {
            call = client.invokeAsync(address(q), code, new SendRequest(group, q.topic(), q.queueId()).encode(), body, timeout);
        } catch (TernClientException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handle((f, e) -> outcome(placed, q, f, e))
                .thenCompose(o -> o.results() != null || retriesLeft == 0 || o.error() instanceof TernClientException t && !retriable(t)
                        ? finish(o)
                        : sendAll(messages, pick(q.topic(), q.brokerName()), retriesLeft - 1));
    }

    private record Outcome(List<SendResult> results, RuntimeException error) {
    }

    private static Outcome outcome(List<Message> placed, MessageQueue q, Frame f, Throwable e) {
        if (e != null) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return new Outcome(null, cause instanceof RuntimeException re ? re : new TernClientException(cause.getMessage(), cause));
        }
        if (f.code() != ResponseCode.OK) {
            return new Outcome(null, new TernClientException(f.code(), "send to " + q + " refused: " + ErrorHeader.decode(f.header()).message()));
        }
        SendRequest.Result r = SendRequest.Result.decode(f.header());
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            results.add(new SendResult(placed.get(i).id(), q, r.queueOffsets()[i], r.durable()));
        }
        return new Outcome(results, null);
    }

    private static CompletableFuture<List<SendResult>> finish(Outcome o) {
        return o.results() != null ? CompletableFuture.completedFuture(o.results()) : CompletableFuture.failedFuture(o.error());
    }

    private static boolean retriable(TernClientException e) {
        return e.code() == -1 || e.code() == ResponseCode.SYSTEM_BUSY || e.code() == ResponseCode.STORE_UNAVAILABLE;
    }

    /** The next queue round robin, avoiding {@code avoidBroker} when another broker group has queues. */
    private MessageQueue pick(String topic, String avoidBroker) {
        List<MessageQueue> queues = routes.writeQueues(topic);
        if (queues.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "topic " + topic + " has no writable queue on any live broker");
        }
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue q = queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
            if (!q.brokerName().equals(avoidBroker)) {
                return q;
            }
        }
        return queues.get(Math.floorMod(roundRobin.getAndIncrement(), queues.size()));
    }

    private String address(MessageQueue q) {
        String a = routes.masterAddress(q.topic(), q.brokerName());
        if (a == null) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "broker " + q.brokerName() + " of " + q.topic() + " has no live master");
        }
        return a;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    /**
     * Fetches every route this producer knows again now: after a lost broker connection, the
     * broker may be back on another address (its registration from the new one replaced the old one). A NameServer
     * that does not answer leaves the last route.
     */
    public void refreshRoutes() {
        routes.refreshAll();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** Validated producer settings. */
    public static final class Builder {
        private ClientSettings settings = new ClientSettings();

        /** Log in as {@code user} (brokers with access control refuse anonymous clients). */
        public Builder credentials(String user, String password) {
            settings.credentials(user, password);
            return this;
        }

        private String group = "DEFAULT_PRODUCER";
        private Duration timeout = Duration.ofSeconds(3);
        private int retries = 2;
        private int maxInFlight = 10_000;
        private TransactionChecker checker;

        public Builder nameServers(String commaSeparated) {
            settings.nameServers(commaSeparated);
            return this;
        }

        /** Send over {@code shared} (logged in already) instead of a connection of its own; {@link #close} leaves it open. */
        public Builder transport(RemotingClient shared) {
            settings.transport(shared);
            return this;
        }

        public Builder nameServers(List<String> addresses) {
            settings.nameServers(addresses);
            return this;
        }

        public Builder group(String group) { this.group = Objects.requireNonNull(group, "group"); return this; }
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }
        public Builder retries(int retries) { this.retries = retries; return this; }
        /** Async and oneway sends not yet answered before new ones fail at once. */
        public Builder maxInFlight(int n) { this.maxInFlight = n; return this; }
        /** Answers the brokers' check-backs about this group's unresolved transactions (without one: "unknown"). */
        public Builder transactionChecker(TransactionChecker c) { this.checker = c; return this; }

        public Producer build() {
            settings.requireNameServers("producer");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("producer timeout " + timeout + " must be positive");
            }
            if (retries < 0 || retries > 16) {
                throw new IllegalArgumentException("producer retries " + retries + " must be 0-16");
            }
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("producer maxInFlight " + maxInFlight + " must be at least 1");
            }
            return new Producer(this);
        }
    }
}
