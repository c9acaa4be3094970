package io.tern.jms.internal.provider;

import io.tern.client.OutgoingMessage;
import io.tern.client.SendResult;
import io.tern.message.ReceivedMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The one seam between the JMS objects and the wire (Qpid JMS's {@code Provider} idea): every call returns a future,
 * no JMS type crosses it, and failures are the native client's exceptions ({@code TernClientException},
 * {@code RemotingException}), which {@code JmsErrors} turns into JMS exceptions above it. One provider per JMS
 * connection, over one transport (one TCP connection per broker and NameServer).
 *
 * <p>Thread rules: every method from any thread. Futures complete on transport threads or, for calls the native client
 * makes blocking, on the calling thread before the method returns: keep what follows a future short.
 */
public interface Provider extends AutoCloseable {
    /** Logs in (to a NameServer) so that a refused login fails here, not at the first send. */
    CompletableFuture<Void> connect();

    /**
     * After a lost connection: logs in again to a NameServer and to every master broker it lists, failing unless at
     * least one master answers (a restarted broker may not have registered yet: try again later). Fetches the routes
     * the connection's producer and admin calls know again first: the broker may be back on another address.
     */
    CompletableFuture<Void> reconnect();

    /**
     * Fetches the routes of the connection's producer and admin calls again. After a reconnect has made the temporary
     * destinations again: a send to one while it was missing may have borrowed the auto-create route (with the
     * broker's default queue count), which the real route must replace.
     */
    void refreshRoutes();

    /**
     * Claims a JMS client ID for this connection; fails with code {@code CLIENT_ID_IN_USE} if another live connection
     * holds it.
     */
    CompletableFuture<Void> claimClientId(String clientId);

    CompletableFuture<Void> releaseClientId(String clientId);

    /** Sends; {@code shardingKey} keeps what shares it on one engine queue, in order. */
    CompletableFuture<SendResult> send(OutgoingMessage m, String shardingKey);

    /** A new local transaction (nothing reaches a broker until it sends or acks). */
    ProviderTransaction beginTransaction();

    // ---- XA (package io.tern.jms.internal.xa uses these) ----

    /** The Tern side of an XA branch: its broker transaction id is {@code xid.toTxId()}; nothing reaches a broker until it sends or acks. */
    ProviderTransaction beginTransaction(io.tern.protocol.Xid xid);

    /** The prepared XA branches on every master broker of the cluster. */
    CompletableFuture<List<io.tern.protocol.Xid>> recover();

    /** Commits (two-phase) or rolls back a prepared branch this provider did not begin (recovery); TX_UNKNOWN if no broker knows it. */
    CompletableFuture<Void> resolvePrepared(io.tern.protocol.Xid xid, boolean commit);

    /**
     * What decides {@code XAResource.isSameRM}: the cluster names of the brokers and the sorted NameServer set, read
     * from a NameServer at {@link #connect()}.
     */
    String clusterIdentity();

    /** Creates an engine topic if no broker knows it (consumers may come before the first send). */
    CompletableFuture<Void> ensureTopic(String topic);

    /**
     * Makes lease group {@code group}'s cursors on {@code topic} if absent, at the topic's first offset or its end;
     * ephemeral groups go when the connection does.
     */
    CompletableFuture<Void> openGroup(String group, String topic, boolean atEnd, boolean ephemeral);

    /** Deletes a lease group's cursors and state on {@code topic}. */
    CompletableFuture<Void> deleteGroup(String group, String topic);

    /** Writes what a durable subscription is (or that it was unsubscribed), waiting for the broker's answer. */
    CompletableFuture<Void> recordSubscription(SubscriptionRecord r);

    /** The latest record of a durable subscription's group, or null if none (or it was deleted). */
    CompletableFuture<SubscriptionRecord> findSubscription(String group);

    /** Creates a temporary engine topic owned by this connection. */
    CompletableFuture<Void> createTemporaryTopic(String topic);

    /** Deletes a temporary engine topic of this connection. */
    CompletableFuture<Void> deleteTemporaryTopic(String topic);

    /** Leases of one group on one topic, filtered by {@code selector} on the broker (null for none). */
    LeaseSource leases(String group, String topic, String selector, long invisibilityMillis);

    /**
     * Up to {@code max} messages of {@code topic} not yet acknowledged by {@code group} (best effort), oldest first per
     * queue, read without leasing or acknowledging anything.
     */
    CompletableFuture<List<ReceivedMessage>> browse(String topic, String group, String selector, int max);

    /** Tells {@code listener} once per lost broker or NameServer connection (on a transport thread). */
    void onConnectionLost(Consumer<String> listener);

    /** Closes the transport: the brokers give back this connection's leases and receives. */
    @Override
    void close();
}
