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
 * <p>Interim (TODO(issue 11)): until the broker has CLAIM_CLIENT_ID, OPEN_GROUP, DELETE_GROUP and RELEASE_LEASE,
 * client IDs are claimed in this JVM only ({@link ClientIdClaims}), a group opened at the end is reset to the end
 * with {@code Admin.resetGroup} on first use, a deleted group is reset to the end (its cursor stays on the broker),
 * and a released lease is nacked with no delay (it counts as a delivery).
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
    private final java.util.Set<String> claimedIds = ConcurrentHashMap.newKeySet();
    private volatile String clusterIdentity;

    public EngineProvider(List<String> nameServers, String user, String password, Duration timeout, String connectionId) {
        this.nameServers = List.copyOf(nameServers);
        this.timeout = timeout;
        this.connectionId = connectionId;
        this.transport = new RemotingClient("jms-" + connectionId, FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 10_000, 1024);
        transport.credentials(user, password);
        this.producer = Producer.builder().nameServers(nameServers).transport(transport).group("JMS_PRODUCER").timeout(timeout).build();
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
    public CompletableFuture<Void> claimClientId(String clientId) {
        return run(() -> {
            ClientIdClaims.claim(nameServers, clientId, connectionId); // TODO(issue 11): CLAIM_CLIENT_ID on every master
            claimedIds.add(clientId);
        });
    }

    @Override
    public CompletableFuture<Void> releaseClientId(String clientId) {
        return run(() -> {
            if (claimedIds.remove(clientId)) {
                ClientIdClaims.release(nameServers, clientId, connectionId);
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

    private ProviderTransaction wrap(Transaction tx) {
        return new ProviderTransaction() {
            @Override
            public CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey) {
                return call(() -> shardingKey == null ? tx.send(m) : tx.send(m, shardingKey));
            }

            @Override
            public CompletableFuture<Void> commit() {
                return run(tx::commit);
            }

            @Override
            public CompletableFuture<Void> rollback() {
                return run(tx::rollback);
            }

            @Override
            public CompletableFuture<Void> prepare() {
                return run(tx::prepare);
            }

            @Override
            public CompletableFuture<Void> commitPrepared() {
                return run(() -> tx.commit(false));
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
                admin.createTopic(topic, 4);
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

    @Override
    public CompletableFuture<Void> openGroup(String group, String topic, boolean atEnd, boolean ephemeral) {
        return run(() -> {
            if (!topicKnown(topic)) {
                admin.createTopic(topic, 4);
            }
            if (atEnd && !leaseGroupKnown(group, topic)) {
                openAtEnd(group, topic);
            }
        });
    }

    /**
     * TODO(issue 11): OPEN_GROUP (start END, ephemeral). Interim: one receive without waiting makes the group a lease
     * group on the topic (a cursor), then a reset to the end makes the other cursors there and drops whatever that
     * receive leased (its handles are refused after a reset).
     */
    private void openAtEnd(String group, String topic) {
        try (LeaseConsumer probe = LeaseConsumer.builder().nameServers(String.join(",", nameServers)).transport(transport)
                .group(group).topic(topic).build()) {
            probe.receive(1, Duration.ZERO);
        }
        admin.resetGroup(group, topic, new Admin.End());
    }

    private boolean leaseGroupKnown(String group, String topic) {
        return admin.describeGroup(group, topic).stream().anyMatch(Admin.GroupQueue::leaseMode);
    }

    @Override
    public CompletableFuture<Void> deleteGroup(String group, String topic) {
        // TODO(issue 11): DELETE_GROUP; until then the cursor stays on the broker, moved past everything stored
        return run(() -> {
            if (leaseGroupKnown(group, topic)) {
                admin.resetGroup(group, topic, new Admin.End());
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
            all = admin.lookupByKey(SUBSCRIPTIONS_TOPIC, group, 1000);
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
        // TODO(issue 11): CREATE_TOPIC's connection-owned variant (deleted with the connection, never auto-created)
        return run(() -> admin.createTopic(topic, 1));
    }

    @Override
    public CompletableFuture<Void> deleteTemporaryTopic(String topic) {
        // TODO(issue 11): DELETE_TOPIC; until then the topic stays on the broker, unused
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public LeaseSource leases(String group, String topic, String selector, long invisibilityMillis) {
        if (!topicKnown(topic)) {
            admin.createTopic(topic, 4);
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
