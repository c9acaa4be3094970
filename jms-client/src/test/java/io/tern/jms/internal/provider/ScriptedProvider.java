package io.tern.jms.internal.provider;

import io.tern.client.LeasedMessage;
import io.tern.client.MessageQueue;
import io.tern.client.OutgoingMessage;
import io.tern.client.SendResult;
import io.tern.client.Transaction;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link Provider} in memory, recording every call: each lease group is a queue of the messages sent to its topic
 * after it was opened (or all, for a group opened at FIRST); receives answer at once from it. Lets the JMS semantics
 * (acknowledgement, transactions, prefetch) be checked call by call, without a broker. Thread rules: synchronized.
 */
public final class ScriptedProvider implements Provider {
    /** Every call that would reach a broker, in order, as "CODE detail". */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, List<Message>> topics = new ConcurrentHashMap<>();
    private final Map<String, Deque<LeasedMessage>> ready = new ConcurrentHashMap<>();
    private final MessageId.Generator ids = new MessageId.Generator();
    private int receipts;

    @Override
    public CompletableFuture<Void> connect() {
        return done();
    }

    @Override
    public CompletableFuture<Void> claimClientId(String clientId) {
        calls.add("CLAIM_CLIENT_ID " + clientId);
        return done();
    }

    @Override
    public CompletableFuture<Void> releaseClientId(String clientId) {
        return done();
    }

    @Override
    public synchronized CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey) {
        calls.add("SEND " + m.topic());
        return CompletableFuture.completedFuture(store(m));
    }

    private synchronized SendResult store(OutgoingMessage m) {
        Message msg = new Message(ids.next(), m.topic(), 0, System.currentTimeMillis(), 0, m.tag(), m.keys(), m.properties(), m.body());
        List<Message> log = topics.computeIfAbsent(m.topic(), t -> new ArrayList<>());
        log.add(msg);
        ready.forEach((key, q) -> {
            if (key.endsWith("@" + m.topic())) {
                q.add(lease(msg, log.size() - 1, 1));
            }
        });
        return new SendResult(msg.id(), new MessageQueue(m.topic(), "scripted", 0), log.size() - 1, true);
    }

    private LeasedMessage lease(Message m, long offset, int deliveries) {
        return new LeasedMessage(new ReceivedMessage(m, "scripted", offset, m.bornTimestamp(), "127.0.0.1:1"), "r" + (++receipts), deliveries);
    }

    @Override
    public ProviderTransaction beginTransaction() {
        calls.add("BEGIN");
        List<OutgoingMessage> sends = new ArrayList<>();
        return new ProviderTransaction() {
            @Override
            public CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey) {
                calls.add("TX_SEND " + m.topic());
                sends.add(m);
                return CompletableFuture.completedFuture(new SendResult(ids.next(), new MessageQueue(m.topic(), "scripted", 0), -1, true));
            }

            @Override
            public CompletableFuture<Void> commit() {
                calls.add("END_TRANSACTION commit");
                sends.forEach(ScriptedProvider.this::store);
                return done();
            }

            @Override
            public CompletableFuture<Void> rollback() {
                calls.add("END_TRANSACTION rollback");
                return done();
            }

            @Override
            public CompletableFuture<Void> prepare() {
                calls.add("XA_PREPARE");
                return done();
            }

            @Override
            public CompletableFuture<Void> commitPrepared() {
                calls.add("XA_COMMIT");
                sends.forEach(ScriptedProvider.this::store);
                return done();
            }

            @Override
            public boolean readOnly() {
                return sends.isEmpty();
            }

            @Override
            public Transaction engineTransaction() {
                return null;
            }
        };
    }

    @Override
    public ProviderTransaction beginTransaction(io.tern.protocol.Xid xid) {
        calls.add("XA_BEGIN " + xid);
        return beginTransaction();
    }

    @Override
    public CompletableFuture<List<io.tern.protocol.Xid>> recover() {
        calls.add("XA_RECOVER");
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<Void> resolvePrepared(io.tern.protocol.Xid xid, boolean commit) {
        calls.add((commit ? "XA_COMMIT " : "XA_ROLLBACK ") + xid);
        return done();
    }

    @Override
    public void refreshRoutes() {
        calls.add("REFRESH_ROUTES");
    }

    @Override
    public CompletableFuture<Void> reconnect() {
        calls.add("RECONNECT");
        return done();
    }

    @Override
    public String clusterIdentity() {
        return "scripted";
    }

    @Override
    public CompletableFuture<Void> ensureTopic(String topic) {
        return done();
    }

    @Override
    public synchronized CompletableFuture<Void> openGroup(String group, String topic, boolean atEnd, boolean ephemeral) {
        calls.add("OPEN_GROUP " + group + (atEnd ? " END" : " FIRST"));
        ready.computeIfAbsent(group + "@" + topic, k -> {
            Deque<LeasedMessage> q = new ArrayDeque<>();
            if (!atEnd) {
                List<Message> log = topics.getOrDefault(topic, List.of());
                for (int i = 0; i < log.size(); i++) {
                    q.add(lease(log.get(i), i, 1));
                }
            }
            return q;
        });
        return done();
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String group, String topic) {
        calls.add("DELETE_GROUP " + group);
        ready.remove(group + "@" + topic);
        return done();
    }

    @Override
    public CompletableFuture<Void> recordSubscription(SubscriptionRecord r) {
        return done();
    }

    @Override
    public CompletableFuture<SubscriptionRecord> findSubscription(String group) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> createTemporaryTopic(String topic) {
        return done();
    }

    @Override
    public CompletableFuture<Void> deleteTemporaryTopic(String topic) {
        return done();
    }

    @Override
    public LeaseSource leases(String group, String topic, String selector, long invisibilityMillis) {
        Deque<LeasedMessage> q = ready.get(group + "@" + topic);
        return new LeaseSource() {
            @Override
            public CompletableFuture<List<LeasedMessage>> receive(int max, Duration wait) {
                List<LeasedMessage> out = new ArrayList<>();
                synchronized (ScriptedProvider.this) {
                    while (out.size() < max && !q.isEmpty()) {
                        out.add(q.poll());
                    }
                }
                if (!out.isEmpty()) {
                    calls.add("RECEIVE " + out.size());
                    return CompletableFuture.completedFuture(out);
                }
                return CompletableFuture.supplyAsync(List::of, CompletableFuture.delayedExecutor(20, java.util.concurrent.TimeUnit.MILLISECONDS));
            }

            @Override
            public void refreshRoutes() {
                calls.add("REFRESH_ROUTES " + group);
            }

            @Override
            public CompletableFuture<Void> ack(LeasedMessage m) {
                calls.add("ACK " + m.receiptHandle());
                return done();
            }

            @Override
            public CompletableFuture<Void> ack(LeasedMessage m, ProviderTransaction tx) {
                calls.add("TX_ACK " + m.receiptHandle());
                return done();
            }

            @Override
            public CompletableFuture<Void> nack(LeasedMessage m, Duration delay) {
                calls.add("NACK " + m.receiptHandle());
                synchronized (ScriptedProvider.this) {
                    q.addFirst(lease(m.message(), m.received().queueOffset(), m.deliveryCount() + 1));
                }
                return done();
            }

            @Override
            public CompletableFuture<Void> release(LeasedMessage m) {
                calls.add("RELEASE_LEASE " + m.receiptHandle());
                synchronized (ScriptedProvider.this) {
                    q.addFirst(lease(m.message(), m.received().queueOffset(), m.deliveryCount()));
                }
                return done();
            }

            @Override
            public CompletableFuture<Void> renew(LeasedMessage m, Duration invisibility) {
                return done();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public CompletableFuture<List<ReceivedMessage>> browse(String topic, String group, String selector, int max) {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public void onConnectionLost(Consumer<String> listener) {
    }

    @Override
    public void close() {
        calls.add("CLOSE");
    }

    /** The calls whose code is {@code code}. */
    public List<String> callsOf(String code) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.startsWith(code + " ") || c.equals(code)).toList();
        }
    }

    private static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
