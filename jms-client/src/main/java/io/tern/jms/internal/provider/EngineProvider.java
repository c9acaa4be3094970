package io.tern.jms.internal.provider;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.SendResult;
import io.tern.client.TernClientException;
import io.tern.client.Transaction;
import io.tern.message.ReceivedMessage;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.GroupOpenRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link Provider} on the native client: one {@link RemotingClient} (one TCP connection per broker and NameServer,
 * logged in once) shared by a {@link Producer}, an {@link Admin} and a {@link LeaseConsumer} per JMS consumer.
 * Sends and receives are asynchronous on the wire; the calls the native client makes blocking (acks, transactions,
 * admin) run on the calling thread and return a completed future.
 *
 * <p>What the broker binds to a connection (client IDs, ephemeral groups, owned topics, leases) is bound to this
 * transport: closing it, or the process dying, gives them all back.
 *
 * <p>Thread rules: any thread.
 */
public final class EngineProvider implements Provider {
    private final List<String> nameServers;
    private final RemotingClient transport;
    private final Producer producer;
    private final Admin admin;
    private final Duration timeout;
    private final String connectionId;
    /** Queues of a topic a JMS consumer creates before any send: the broker's default for auto-created topics. */
    private static final int DEFAULT_QUEUES = 4;
    private final java.util.Set<String> openTransactions = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> claimedIds = ConcurrentHashMap.newKeySet();
    private volatile String clusterIdentity;

    /** Transactions open for check-backs now (tests: empty ones must not pile up). */
    int openTransactionCount() {
        return openTransactions.size();
    }

    public EngineProvider(List<String> nameServers, String user, String password, Duration timeout, String connectionId) {
        this.nameServers = List.copyOf(nameServers);
        this.timeout = timeout;
        this.connectionId = connectionId;
        this.transport = new RemotingClient("jms-" + connectionId, FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 10_000, 1024);
        transport.credentials(user, password);
        // One producer group per connection: the broker asks only this connection about its open transactions, and a
        // JMS local transaction this connection does not hold open any more (or never had) can only be rolled back.
        this.producer = Producer.builder().nameServers(nameServers).transport(transport).group("JMS." + connectionId).timeout(timeout)
                .transactionChecker(txId -> openTransactions.contains(txId) ? io.tern.client.TransactionResolution.UNKNOWN
                        : io.tern.client.TransactionResolution.ROLLBACK)
                .build();
        this.admin = new Admin(nameServers, transport);
    }

    /** Logs in to a NameServer (the cluster view) and to a master broker (a heartbeat needs only a login). */
    @Override
    public CompletableFuture<Void> connect() {
        return run(() -> {
            io.tern.protocol.ClusterInfo cluster = admin.cluster();
            clusterIdentity = "clusters=" + String.join(",", cluster.brokers().stream().map(io.tern.protocol.ClusterInfo.Entry::cluster)
                    .distinct().sorted().toList()) + ";nameservers=" + String.join(",", nameServers.stream().sorted().toList());
            cluster.brokers().stream().filter(b -> b.brokerId() == 0).findFirst().ifPresent(b -> {
                byte[] header = new io.tern.protocol.Heartbeat("jms-" + connectionId, List.of(), List.of()).encode();
                io.tern.client.internal.Responses.check(
                        transport.invokeSync(b.address(), io.tern.protocol.CommandCode.HEARTBEAT, header, null, timeout), "login to " + b.address());
            });
        });
    }

    @Override
    public CompletableFuture<Void> reconnect() {
        return run(() -> {
            producer.refreshRoutes(); // a broker back on another address is found by its new registration
            admin.refreshRoutes();
            List<io.tern.protocol.ClusterInfo.Entry> masters = admin.cluster().brokers().stream().filter(b -> b.brokerId() == 0).toList();
            if (masters.isEmpty()) {
                throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "no master broker is registered with " + nameServers + " yet");
            }
            byte[] header = new io.tern.protocol.Heartbeat("jms-" + connectionId, List.of(), List.of()).encode();
            for (io.tern.protocol.ClusterInfo.Entry b : masters) {
                io.tern.client.internal.Responses.check(
                        transport.invokeSync(b.address(), io.tern.protocol.CommandCode.HEARTBEAT, header, null, timeout), "login to " + b.address());
            }
        });
    }

    @Override
    public void refreshRoutes() {
        producer.refreshRoutes();
        admin.refreshRoutes();
    }

    /** CLAIM_CLIENT_ID on every master broker, bound to this connection's transport (released when it closes). */
    @Override
    public CompletableFuture<Void> claimClientId(String clientId) {
        return run(() -> {
            admin.claimClientId(clientId);
            claimedIds.add(clientId);
        });
    }

    @Override
    public CompletableFuture<Void> releaseClientId(String clientId) {
        return run(() -> {
            if (claimedIds.remove(clientId)) {
                admin.releaseClientId(clientId);
            }
        });
    }

    @Override
    public CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey) {
        try {
            return shardingKey == null ? producer.sendAsync(m) : producer.sendAsync(m, shardingKey);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public ProviderTransaction beginTransaction() {
        return wrap(producer.beginTransaction());
    }

    @Override
    public ProviderTransaction beginTransaction(io.tern.protocol.Xid xid) {
        return wrap(producer.beginTransaction(xid));
    }

    @Override
    public CompletableFuture<List<io.tern.protocol.Xid>> recover() {
        return call(producer::recover);
    }

    @Override
    public CompletableFuture<Void> resolvePrepared(io.tern.protocol.Xid xid, boolean commit) {
        return run(() -> {
            if (commit) {
                producer.commitPrepared(xid);
            } else {
                producer.rollbackPrepared(xid);
            }
        });
    }

    @Override
    public String clusterIdentity() {
        String id = clusterIdentity;
        return id != null ? id : "nameservers=" + String.join(",", nameServers.stream().sorted().toList());
    }

    /**
     * The JMS side of {@code tx}. From its first send (the only thing a broker checks back) until it is committed,
     * rolled back or prepared, it is open: check-backs answer UNKNOWN. A transaction that sends nothing (an XA branch
     * answering XA_RDONLY, an idle MDB's empty branch) is never listed, so ending it needs no call here.
     */
    private ProviderTransaction wrap(Transaction tx) {
        return new ProviderTransaction() {
            @Override
            public CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey) {
                openTransactions.add(tx.id());
                return call(() -> shardingKey == null ? tx.send(m) : tx.send(m, shardingKey));
            }

            @Override
            public CompletableFuture<Void> commit() {
                return run(tx::commit).whenComplete((v, e) -> openTransactions.remove(tx.id()));
            }

            @Override
            public CompletableFuture<Void> rollback() {
                return run(tx::rollback).whenComplete((v, e) -> openTransactions.remove(tx.id()));
            }

            @Override
            public CompletableFuture<Void> prepare() {
                return run(tx::prepare).thenRun(() -> openTransactions.remove(tx.id())); // a prepared branch is never checked back
            }

            @Override
            public CompletableFuture<Void> commitPrepared() {
                return run(() -> tx.commit(false)).whenComplete((v, e) -> openTransactions.remove(tx.id()));
            }

            @Override
            public Transaction engineTransaction() {
                return tx;
            }
        };
    }

    @Override
    public CompletableFuture<Void> ensureTopic(String topic) {
        return run(() -> {
            if (!topicKnown(topic)) {
                admin.createTopic(topic, DEFAULT_QUEUES);
            }
        });
    }

    /** {@code describeTopic} of an unknown topic fails with TOPIC_NOT_FOUND; treat that as "no queues". */
    private boolean topicKnown(String topic) {
        try {
            return !admin.describeTopic(topic).isEmpty();
        } catch (TernClientException e) {
            if (e.code() == ResponseCode.TOPIC_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** OPEN_GROUP on every broker serving the topic (made first if no broker knows it); ephemeral groups go with this connection. */
    @Override
    public CompletableFuture<Void> openGroup(String group, String topic, boolean atEnd, boolean ephemeral) {
        return run(() -> {
            if (!topicKnown(topic)) {
                admin.createTopic(topic, DEFAULT_QUEUES);
            }
            try (LeaseConsumer c = LeaseConsumer.builder().nameServers(String.join(",", nameServers)).transport(transport)
                    .group(group).topic(topic).build()) {
                c.open(atEnd ? GroupOpenRequest.Start.END : GroupOpenRequest.Start.FIRST, ephemeral);
            }
        });
    }

    /** DELETE_GROUP: refused with GROUP_IN_USE while another connection holds receives or leases of it. */
    @Override
    public CompletableFuture<Void> deleteGroup(String group, String topic) {
        return run(() -> {
            try {
                admin.deleteGroup(group, topic);
            } catch (TernClientException e) {
                if (e.code() != ResponseCode.TOPIC_NOT_FOUND && e.code() != ResponseCode.TOPIC_DELETED) {
                    throw e; // a group of a topic gone is gone with it
                }
            }
        });
    }

    /** The engine topic holding durable subscription records, keyed by group (the index finds them). */
    static final String SUBSCRIPTIONS_TOPIC = "JMS_TERN_SUBSCRIPTIONS";
    /**
     * Records written from this JVM, by cluster and group: the broker's key index is built behind its writer, so a
     * record written a moment ago may not be found yet by a lookup.
     */
    private static final java.util.Map<String, SubscriptionRecord> RECENT = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<Void> recordSubscription(SubscriptionRecord r) {
        OutgoingMessage.Builder b = OutgoingMessage.to(SUBSCRIPTIONS_TOPIC).key(r.group()).property("group", r.group())
                .property("topic", r.topic()).property("noLocal", r.noLocal()).property("deleted", r.deleted());
        if (r.selector() != null) {
            b.property("selector", r.selector());
        }
        return producer.sendAsync(b.build(), r.group()).thenAccept(x -> RECENT.put(recentKey(r.group()), r));
    }

    @Override
    public CompletableFuture<SubscriptionRecord> findSubscription(String group) {
        return call(() -> {
            SubscriptionRecord recent = RECENT.get(recentKey(group));
            SubscriptionRecord found = recent != null ? recent : lookup(group);
            return found == null || found.deleted() ? null : found;
        });
    }

    private SubscriptionRecord lookup(String group) {
        List<ReceivedMessage> all;
        try {
            all = admin.lookupByKey(SUBSCRIPTIONS_TOPIC, group, 64);
        } catch (TernClientException e) {
            if (e.code() == ResponseCode.TOPIC_NOT_FOUND) {
                return null;
            }
            throw e;
        }
        ReceivedMessage last = all.stream().filter(m -> group.equals(m.message().properties().get("group")))
                .max(java.util.Comparator.comparingLong(ReceivedMessage::queueOffset)).orElse(null); // one queue: sharded by group
        if (last == null) {
            return null;
        }
        io.tern.message.Properties p = last.message().properties();
        return new SubscriptionRecord(group, (String) p.get("topic"), (String) p.get("selector"), Boolean.TRUE.equals(p.get("noLocal")),
                Boolean.TRUE.equals(p.get("deleted")));
    }

    private String recentKey(String group) {
        return String.join(",", nameServers.stream().sorted().toList()) + "|" + group;
    }

    @Override
    public CompletableFuture<Void> createTemporaryTopic(String topic) {
        return run(() -> admin.createOwnedTopic(topic, 1)); // deleted by the brokers when this connection closes or dies
    }

    @Override
    public CompletableFuture<Void> deleteTemporaryTopic(String topic) {
        return run(() -> admin.deleteTopic(topic));
    }

    @Override
    public LeaseSource leases(String group, String topic, String selector, long invisibilityMillis) {
        if (!topicKnown(topic)) {
            admin.createTopic(topic, DEFAULT_QUEUES);
        }
        LeaseConsumer c = LeaseConsumer.builder().nameServers(String.join(",", nameServers)).transport(transport)
                .group(group).topic(topic).selector(selector).invisibility(Duration.ofMillis(invisibilityMillis)).build();
        return new EngineLeaseSource(c);
    }

    @Override
    public CompletableFuture<List<ReceivedMessage>> browse(String topic, String group, String selector, int max) {
        return call(() -> admin.browseUnacked(group, topic, selector, max));
    }

    @Override
    public void onConnectionLost(Consumer<String> listener) {
        transport.onDisconnect(listener);
    }

    @Override
    public void close() {
        for (String id : List.copyOf(claimedIds)) {
            releaseClientId(id);
        }
        producer.close();
        admin.close();
        transport.close();
    }

    /** Unique per connection in this JVM and across JVMs; names the connection's ephemeral groups. */
    public static String newConnectionId() {
        return UUID.randomUUID().toString();
    }

    static CompletableFuture<Void> run(Runnable r) {
        try {
            r.run();
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    static <T> CompletableFuture<T> call(Supplier<T> s) {
        try {
            return CompletableFuture.completedFuture(s.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
