package io.tern.client;

import io.tern.client.internal.ClientSettings;
import io.tern.client.internal.RouteCache;
import io.tern.protocol.AckRequest;
import io.tern.protocol.TxAckRequest;
import io.tern.protocol.ChangeInvisibilityRequest;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.GroupDeleteRequest;
import io.tern.protocol.GroupOpenRequest;
import io.tern.protocol.ReleaseLeaseRequest;
import io.tern.protocol.NackRequest;
import io.tern.protocol.ReceiveRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;
import io.tern.selector.Selector;
import io.tern.selector.SelectorException;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Consumes a topic in lease mode: the broker hands out individual messages under a lease, and the consumer acks or
 * nacks each one. Any number of consumers of a group share the topic (more consumers than queues all get work);
 * acks may come in any order. A message not acked within the invisibility period is delivered again, with its
 * delivery count one higher.
 * <pre>
 *   try (LeaseConsumer c = LeaseConsumer.builder().nameServers("127.0.0.1:9876").group("g").topic("orders").build()) {
 *       for (LeasedMessage m : c.receive(16, Duration.ofSeconds(5))) {
 *           process(m.message());
 *           c.ack(m);
 *       }
 *   }
 * </pre>
 * {@link #receive} asks the topic's brokers round robin: each once without waiting, then the next one with a long
 * poll for what remains of the wait.
 *
 * <p>Thread rules: every method from any thread.
 */
public final class LeaseConsumer implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final String group;
    private final String topic;
    private final String tags;
    private final String selector;
    private final Duration invisibility;
    private final RemotingClient client;
    private final boolean ownsClient;
    private final RouteCache routes;
    private final AtomicInteger nextBroker = new AtomicInteger();

    private LeaseConsumer(Builder b) {
        this.group = b.group;
        this.topic = b.topic;
        this.tags = b.tags;
        this.selector = b.selector;
        this.invisibility = b.invisibility;
        String clientId = ManagementFactory.getRuntimeMXBean().getName() + "@" + UUID.randomUUID().toString().substring(0, 8);
        this.client = b.settings.connect(clientId, 4096, 64);
        this.ownsClient = b.settings.ownsTransport();
        this.routes = new RouteCache(client, b.settings.nameServers(), CALL_TIMEOUT, false);
        try {
            routes.route(topic); // fail fast on an unknown topic or unreachable NameServers
        } catch (RuntimeException e) {
            if (ownsClient) {
                client.close();
            }
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Up to {@code maxMessages} leased messages, waiting up to {@code wait} for the first. Empty if none came. */
    public List<LeasedMessage> receive(int maxMessages, Duration wait) {
        List<String> brokers = brokers();
        int start = Math.floorMod(nextBroker.getAndIncrement(), brokers.size());
        if (brokers.size() > 1) {
            for (int i = 0; i < brokers.size(); i++) {
                List<LeasedMessage> got = receiveFrom(brokers.get((start + i) % brokers.size()), maxMessages, Duration.ZERO);
                if (!got.isEmpty()) {
                    return got;
                }
            }
        }
        return receiveFrom(brokers.get(start), maxMessages, wait);
    }

    private List<String> brokers() {
        Set<String> names = new LinkedHashSet<>();
        routes.readQueues(topic).forEach(q -> names.add(q.brokerName()));
        if (names.isEmpty()) {
            routes.fetch(topic);
            routes.readQueues(topic).forEach(q -> names.add(q.brokerName()));
        }
        if (names.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "topic " + topic + " has no readable queue on a live broker");
        }
        return new ArrayList<>(names);
    }

    /**
     * {@link #receive} without holding a thread: one broker per call (round robin), long-polled up to {@code wait}.
     * The future completes on a transport thread: keep what follows it short. Callers may call again from there: a
     * route that must first be looked up (a blocking NameServer call) is looked up on another thread.
     */
    public java.util.concurrent.CompletableFuture<List<LeasedMessage>> receiveAsync(int maxMessages, Duration wait) {
        if (!routes.readableWithoutLookup(topic)) { // rare: the first receive, or a route dropped with its broker
            return java.util.concurrent.CompletableFuture.runAsync(this::brokers).handle((v, e) -> null)
                    .thenCompose(v -> receiveFromNext(maxMessages, wait));
        }
        return receiveFromNext(maxMessages, wait);
    }

    private java.util.concurrent.CompletableFuture<List<LeasedMessage>> receiveFromNext(int maxMessages, Duration wait) {
        String brokerName;
        String address;
        try {
            List<String> brokers = brokers();
            brokerName = brokers.get(Math.floorMod(nextBroker.getAndIncrement(), brokers.size()));
            address = routes.masterAddress(topic, brokerName);
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        if (address == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "broker " + brokerName + " has no live master for " + topic));
        }
        byte[] header = new ReceiveRequest(group, topic, maxMessages, invisibility.toMillis(), wait.toMillis(), tags, selector).encode();
        return client.invokeAsync(address, CommandCode.RECEIVE, header, null, wait.plus(CALL_TIMEOUT)).thenApply(f -> {
            io.tern.client.internal.Responses.check(f, "receive from " + address);
            List<LeasedMessage> out = new ArrayList<>();
            for (ReceiveRequest.Leased l : ReceiveRequest.decodeBody(f.body(), brokerName)) {
                out.add(new LeasedMessage(l.received(), l.receiptHandle(), l.deliveryCount()));
            }
            return out;
        });
    }

    /** {@link #ack(LeasedMessage)} without waiting; the future fails with the broker's refusal (LEASE_EXPIRED...). */
    public java.util.concurrent.CompletableFuture<Void> ackAsync(LeasedMessage m) {
        String address = routes.masterAddress(topic, m.received().brokerName());
        if (address == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new TernClientException(ResponseCode.TOPIC_NOT_FOUND,
                    "broker " + m.received().brokerName() + " has no live master for " + topic));
        }
        return client.invokeAsync(address, CommandCode.ACK, new AckRequest(group, topic, m.receiptHandle()).encode(), null, CALL_TIMEOUT)
                .thenAccept(f -> io.tern.client.internal.Responses.check(f, "ack"));
    }

    private List<LeasedMessage> receiveFrom(String brokerName, int maxMessages, Duration wait) {
        byte[] header = new ReceiveRequest(group, topic, maxMessages, invisibility.toMillis(), wait.toMillis(), tags, selector).encode();
        Frame f = call(brokerName, CommandCode.RECEIVE, header, wait.plus(CALL_TIMEOUT), "receive");
        List<LeasedMessage> out = new ArrayList<>();
        for (ReceiveRequest.Leased l : ReceiveRequest.decodeBody(f.body(), brokerName)) {
            out.add(new LeasedMessage(l.received(), l.receiptHandle(), l.deliveryCount()));
        }
        return out;
    }

    /** Acknowledges {@code m}: the group never receives it again. Throws with code LEASE_EXPIRED if the lease is gone. */
    public void ack(LeasedMessage m) {
        call(m.received().brokerName(), CommandCode.ACK, new AckRequest(group, topic, m.receiptHandle()).encode(), CALL_TIMEOUT, "ack");
    }

    /**
     * Acknowledges {@code m} inside transaction {@code tx} (which is pinned to {@code m}'s broker if it was not
     * pinned yet; a transaction lives on one broker): the broker keeps the lease from other receivers and applies the ack when the transaction commits; a
     * rollback gives the message back at once. Throws with code LEASE_EXPIRED if the lease is gone, TX_CONFLICT if
     * the transaction is resolved or prepared.
     */
    public void ack(LeasedMessage m, Transaction tx) {
        tx.pin(m.received().brokerName());
        call(m.received().brokerName(), CommandCode.TX_ACK, new TxAckRequest(tx.id(), group, topic, m.receiptHandle()).encode(),
                CALL_TIMEOUT, "transactional ack");
        tx.recorded();
    }

    /**
     * Gives {@code m} back as failed: it is delivered again (count + 1) after the broker's retry back-off for its
     * delivery count (the series push consumers' failures get, 10 s, 30 s, 1 m ... by default), or goes to the group's
     * dead-letter queue if this was its last allowed delivery.
     */
    public void nack(LeasedMessage m) {
        nack(m, NackRequest.BROKER_BACKOFF);
    }

    /** Gives {@code m} back: it is delivered again (count + 1) after {@code delay} (zero: at once; at most 12 h). */
    public void nack(LeasedMessage m, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("nack delay " + delay + " is negative");
        }
        nack(m, delay.toMillis());
    }

    private void nack(LeasedMessage m, long delayMillis) {
        call(m.received().brokerName(), CommandCode.NACK, new NackRequest(group, topic, m.receiptHandle(), delayMillis).encode(),
                CALL_TIMEOUT, "nack");
    }

    /**
     * Gives {@code m} back unprocessed: it is ready for the group's next receive at once and this delivery is not
     * counted (for messages received but never handed to the application). Throws with code LEASE_EXPIRED if the
     * lease is gone.
     */
    public void release(LeasedMessage m) {
        call(m.received().brokerName(), CommandCode.RELEASE_LEASE, new ReleaseLeaseRequest(group, topic, m.receiptHandle()).encode(),
                CALL_TIMEOUT, "release");
    }

    /** {@link #release} without waiting: the future fails with the broker's refusal (LEASE_EXPIRED...). */
    public java.util.concurrent.CompletableFuture<Void> releaseAsync(LeasedMessage m) {
        String address = routes.masterAddress(topic, m.received().brokerName());
        if (address == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new TernClientException(ResponseCode.TOPIC_NOT_FOUND,
                    "broker " + m.received().brokerName() + " has no live master for " + topic));
        }
        return client.invokeAsync(address, CommandCode.RELEASE_LEASE, new ReleaseLeaseRequest(group, topic, m.receiptHandle()).encode(), null,
                CALL_TIMEOUT).thenAccept(f -> io.tern.client.internal.Responses.check(f, "release"));
    }

    /**
     * Opens this consumer's group on every broker serving the topic, at each queue's first offset or its end, if the
     * group is not there yet (OPEN_GROUP; idempotent). {@code ephemeral}: the group belongs to this consumer's
     * connections and is deleted when they close (or the consumer dies, or a broker restarts). Returns whether a broker
     * made the group (false if every broker had it already).
     */
    public boolean open(GroupOpenRequest.Start start, boolean ephemeral) {
        boolean created = false;
        byte[] header = new GroupOpenRequest(group, topic, start, ephemeral).encode();
        for (String broker : brokers()) {
            Frame f = call(broker, CommandCode.OPEN_GROUP, header, CALL_TIMEOUT, "open group " + group);
            created |= GroupOpenRequest.decodeCreated(f.header());
        }
        return created;
    }

    /**
     * Deletes this consumer's group on the topic on every broker serving it (DELETE_GROUP): cursors, offsets, retry
     * and dead-letter state. Throws with code GROUP_IN_USE if another connection holds leases or receives of the group.
     * Returns whether a broker had state of the group.
     */
    public boolean deleteGroup() {
        boolean deleted = false;
        byte[] header = new GroupDeleteRequest(group, topic).encode();
        for (String broker : brokers()) {
            Frame f = call(broker, CommandCode.DELETE_GROUP, header, CALL_TIMEOUT, "delete group " + group);
            deleted |= GroupDeleteRequest.decodeDeleted(f.header());
        }
        return deleted;
    }

    /** The lease on {@code m} now ends {@code invisibility} from now; the receipt handle stays valid. */
    public void changeInvisibility(LeasedMessage m, Duration invisibility) {
        call(m.received().brokerName(), CommandCode.CHANGE_INVISIBILITY,
                new ChangeInvisibilityRequest(group, topic, m.receiptHandle(), invisibility.toMillis()).encode(), CALL_TIMEOUT, "change invisibility");
    }

    private Frame call(String brokerName, short code, byte[] header, Duration timeout, String what) {
        String address = routes.masterAddress(topic, brokerName);
        if (address == null) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "broker " + brokerName + " has no live master for " + topic);
        }
        Frame f;
        try {
            f = client.invokeSync(address, code, header, null, timeout);
        } catch (RemotingException e) {
            throw new TernClientException(what + " on " + address + " failed: " + e.getMessage(), e);
        }
        if (f.code() != ResponseCode.OK) {
            throw new TernClientException(f.code(), what + " failed: " + ErrorHeader.decode(f.header()).message());
        }
        return f;
    }

    /**
     * Fetches every route this consumer knows again now: after a lost broker connection, the
     * broker may be back on another address (its registration from the new one replaced the old one). A NameServer
     * that does not answer leaves the last route.
     */
    public void refreshRoutes() {
        routes.refreshAll();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
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
        private Duration invisibility = Duration.ofSeconds(30);

        public Builder nameServers(String commaSeparated) {
            settings.nameServers(commaSeparated);
            return this;
        }

        /** Receive over {@code shared} (logged in already) instead of a connection of its own; {@link #close} leaves it open. */
        public Builder transport(RemotingClient shared) {
            settings.transport(shared);
            return this;
        }

        public Builder group(String group) { this.group = group; return this; }
        public Builder topic(String topic) { this.topic = topic; return this; }
        /** "*" for every message, or "a || b"; the broker acks non-matching messages for the group without sending them. */
        public Builder tags(String tags) { this.tags = tags; return this; }
        /**
         * A JMS message selector ({@link Selector}), evaluated on the broker: like a tag mismatch, a message it does not
         * select is acked for the group without being sent. Null or blank for none; checked by {@link #build()}.
         */
        public Builder selector(String selector) { this.selector = selector; return this; }
        /** How long a received message stays leased to this consumer (default 30 s). */
        public Builder invisibility(Duration d) { this.invisibility = d; return this; }

        public LeaseConsumer build() {
            settings.requireNameServers("lease consumer");
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("consumer needs a group name");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("consumer needs a topic");
            }
            checkSelector(selector);
            if (invisibility.toMillis() < 10) {
                throw new IllegalArgumentException("invisibility must be at least 10 ms, got " + invisibility);
            }
            return new LeaseConsumer(this);
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
